package dev.rebound.agent.instrument.apache;

import dev.rebound.agent.engine.Exchange;
import dev.rebound.agent.engine.Peek;
import dev.rebound.agent.engine.StreamGate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * The first bytes of a blocking client's response body, read so that the engine can classify the
 * attempt, and kept so that the application still reads the body from its first byte. JDK types
 * only: shared by the Apache 4.5 and 5 classic adapters. Immutable once read.
 *
 * @param bytes the bytes read; only the first {@code length} count
 * @param length how many bytes were read
 * @param ended true when the body ended within them (its connection is then already released)
 * @param errorEvent for a stream, the payload of an error event that came before any content
 */
public record BodyPrefix(byte[] bytes, int length, boolean ended, byte[] errorEvent) {
  private static final int CHUNK = 8192;
  private static final int FIRST_CHUNK = 1024;

  /**
   * Reads up to {@code limit} bytes: the whole body when it is smaller.
   *
   * @param declared the body's declared length, or -1: the buffer is sized to it (one byte more, to
   *     see the end without growing), so a small answer does not cost a large buffer
   */
  public static BodyPrefix read(InputStream in, int limit, long declared) throws IOException {
    int size =
        declared >= 0 && declared < limit ? (int) declared + 1 : Math.min(limit, FIRST_CHUNK);
    byte[] buffer = new byte[size];
    int length = 0;
    while (length < limit) {
      if (length == buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(limit, buffer.length * 2));
      }
      int n = in.read(buffer, length, buffer.length - length);
      if (n < 0) {
        return new BodyPrefix(buffer, length, true, null);
      }
      length += n;
    }
    return new BodyPrefix(buffer, length, false, null);
  }

  /**
   * Reads a server-sent-event stream until {@link StreamGate} decides: content (release), an error
   * before content, the end, or {@link Exchange#PEEK_LIMIT} bytes without a decision (release: a
   * stream that says nothing for that long is not held any further).
   */
  public static BodyPrefix readEvents(InputStream in) throws IOException {
    byte[] buffer = new byte[CHUNK];
    int length = 0;
    while (true) {
      if (length == buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(Exchange.PEEK_LIMIT, buffer.length * 2));
      }
      int n = in.read(buffer, length, buffer.length - length);
      boolean ended = n < 0;
      length += Math.max(n, 0);
      StreamGate.Result r = StreamGate.scan(buffer, length, ended);
      if (r.state() == StreamGate.State.ERROR) {
        return new BodyPrefix(buffer, length, ended, r.payload());
      }
      if (ended || r.state() == StreamGate.State.RELEASE || length >= Exchange.PEEK_LIMIT) {
        return new BodyPrefix(buffer, length, ended, null);
      }
    }
  }

  /**
   * What the engine classifies: the first {@link Exchange#PEEK_LIMIT} bytes, or the error event.
   */
  public Peek peek() {
    if (errorEvent != null) {
      return new Peek(errorEvent, errorEvent.length, true);
    }
    return Peek.body(bytes, Math.min(length, Exchange.PEEK_LIMIT));
  }

  /** The whole body as the application reads it: these bytes, then the rest of {@code rest}. */
  public InputStream followedBy(InputStream rest) {
    ByteArrayInputStream head = new ByteArrayInputStream(bytes, 0, length);
    return ended ? head : new SequenceInputStream(head, rest);
  }

  /** The bytes read, as an array of their own. */
  public byte[] copy() {
    return Arrays.copyOf(bytes, length);
  }
}
