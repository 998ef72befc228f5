package dev.rebound.agent.instrument.okhttp.adapter;

import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.engine.Exchange;
import dev.rebound.agent.engine.Peek;
import dev.rebound.agent.engine.PriorResponse;
import dev.rebound.agent.engine.StreamGate;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * One attempt's OkHttp response. Peeking fills the body's own buffer without consuming it, so the
 * application later reads the very same bytes. Confined to one thread at a time.
 */
final class OkHttpExchange implements Exchange {
  final Response response;
  boolean discarded;
  private Peek prefetched;

  OkHttpExchange(Response response) {
    this.response = response;
  }

  @Override
  public int status() {
    return response.code();
  }

  @Override
  public HeaderLookup headers() {
    return new HeadersLookup(response.headers());
  }

  @Override
  public Peek peekBody() throws IOException {
    if (prefetched != null) {
      return prefetched;
    }
    BufferedSource source = source();
    if (source == null) {
      return Peek.EMPTY;
    }
    source.request(PEEK_LIMIT);
    byte[] bytes = copy(source.getBuffer(), PEEK_LIMIT);
    return Peek.body(bytes, bytes.length);
  }

  @Override
  public Peek peekStream() throws IOException {
    if (prefetched != null) {
      return prefetched;
    }
    BufferedSource source = source();
    if (source == null) {
      return Peek.EMPTY;
    }
    while (true) {
      // Judge what has arrived before asking for more: a stream whose first event is complete must
      // be released now, not when (or if) the next chunk comes.
      Buffer buffer = source.getBuffer();
      byte[] bytes = copy(buffer, PEEK_LIMIT);
      StreamGate.Result r = StreamGate.scan(bytes, bytes.length, false);
      if (r.state() == StreamGate.State.HOLD && !source.request(buffer.size() + 1)) {
        bytes = copy(buffer, PEEK_LIMIT);
        r = StreamGate.scan(bytes, bytes.length, true);
      }
      if (r.state() == StreamGate.State.ERROR) {
        return new Peek(r.payload(), r.payload().length, true);
      }
      if (r.state() == StreamGate.State.RELEASE) {
        return Peek.EMPTY;
      }
    }
  }

  /** Reads the peek now, for an asynchronous attempt whose engine must not block. */
  void prefetch(boolean stream) throws IOException {
    boolean success = response.code() >= 200 && response.code() < 300;
    prefetched = success && stream ? peekStream() : peekBody();
  }

  @Override
  public List<PriorResponse> priorResponses() {
    Response prior = response.priorResponse();
    if (prior == null) {
      return List.of();
    }
    List<PriorResponse> out = new ArrayList<>();
    for (; prior != null; prior = prior.priorResponse()) {
      Response r = prior;
      out.add(
          0,
          new PriorResponse(
              r.code(),
              new HeadersLookup(r.headers()),
              r.receivedResponseAtMillis() - r.sentRequestAtMillis()));
    }
    return out;
  }

  @Override
  public void discard() {
    discarded = true;
    ResponseBody body = response.body();
    // OkHttp 4 throws on Response.close() for a response without a body; closing the body works
    // on every version.
    if (body != null) {
      body.close();
    }
  }

  private BufferedSource source() {
    ResponseBody body = response.body();
    return body == null ? null : body.source();
  }

  private static byte[] copy(Buffer buffer, int limit) throws IOException {
    byte[] bytes = new byte[(int) Math.min(buffer.size(), limit)];
    buffer.copyTo(new Filling(bytes), 0, bytes.length);
    return bytes;
  }

  /** Receives a copy straight into an array of the right size: one copy, not two. */
  private static final class Filling extends OutputStream {
    private final byte[] bytes;
    private int length;

    Filling(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public void write(int b) {
      bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.arraycopy(b, off, bytes, length, len);
      length += len;
    }
  }
}
