package dev.rebound.agent.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The first bytes of an attempt's body as a non-blocking client hands them over, chunk by chunk:
 * what the engine judges the attempt by. It holds up to {@link Exchange#PEEK_LIMIT} bytes; a
 * successful stream only until its first significant event ({@link StreamGate}). A first chunk
 * given as an array is kept as it is while it is the only one (most bodies come in one): a caller
 * must not change an array it has handed over; buffers are copied. Not thread-safe: the body's
 * reader feeds it, one thread at a time, before the attempt is judged.
 */
public final class PeekBuffer {
  private static final byte[] NOTHING = new byte[0];

  private final boolean successfulStream;
  private final int announcedLength;
  private byte[] bytes = NOTHING;
  private int length;
  private StreamGate.Result gate;

  /**
   * @param streamRequest whether the attempt asked for a stream
   * @param status the attempt's response status
   * @param announcedLength the body's {@code Content-Length}, or 0 when it has none: the size to
   *     grow to at once when a second chunk comes
   */
  public PeekBuffer(boolean streamRequest, int status, long announcedLength) {
    this.successfulStream = successfulStream(streamRequest, status);
    this.announcedLength = (int) Math.max(0, Math.min(Exchange.PEEK_LIMIT, announcedLength));
  }

  /**
   * Whether a body is judged as a stream, by its first significant event rather than its first
   * bytes: a 2xx answer to a streaming request. The engine then asks for {@link
   * Exchange#peekStream()}.
   */
  public static boolean successfulStream(boolean streamRequest, int status) {
    return streamRequest && status >= 200 && status < 300;
  }

  /** Takes the next chunk of the body; true once the attempt can be judged. */
  public boolean add(byte[] chunk) {
    int n = Math.min(Exchange.PEEK_LIMIT - length, chunk.length);
    if (length == 0 && n == chunk.length) {
      bytes = chunk;
      length = n;
    } else {
      makeRoom(n);
      System.arraycopy(chunk, 0, bytes, length, n);
      length += n;
    }
    return judgeable();
  }

  /**
   * Takes the next chunk of the body as buffers, copying what it needs of them (their positions
   * stay as they are); true once the attempt can be judged.
   */
  public boolean add(List<ByteBuffer> chunk) {
    for (ByteBuffer b : chunk) {
      int n = Math.min(Exchange.PEEK_LIMIT - length, b.remaining());
      makeRoom(n);
      b.get(b.position(), bytes, length, n);
      length += n;
    }
    return judgeable();
  }

  /** Grows the copy for {@code n} more bytes; a chunk kept as it is becomes a copy here. */
  private void makeRoom(int n) {
    if (length + n > bytes.length) {
      int room = Math.max(Math.max(bytes.length * 2, length + n), announcedLength);
      bytes = Arrays.copyOf(bytes, Math.min(Exchange.PEEK_LIMIT, room));
    }
  }

  private boolean judgeable() {
    if (length >= Exchange.PEEK_LIMIT) {
      return true;
    }
    if (!successfulStream) {
      return false;
    }
    gate = StreamGate.scan(bytes, length, false);
    return gate.state() != StreamGate.State.HOLD;
  }

  /**
   * What the engine judges the attempt by: the bytes so far, or for a successful stream the error
   * event that came before any content (nothing when none did).
   *
   * @param ended whether the body ended after the bytes taken
   */
  public Peek peek(boolean ended) {
    if (!successfulStream) {
      return Peek.body(bytes, length);
    }
    StreamGate.Result r = ended || gate == null ? StreamGate.scan(bytes, length, ended) : gate;
    return r.state() == StreamGate.State.ERROR
        ? new Peek(r.payload(), r.payload().length, true)
        : Peek.EMPTY;
  }
}
