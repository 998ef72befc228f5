package dev.rebound.agent.instrument.jdk;

import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.engine.Exchange;
import dev.rebound.agent.engine.Peek;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;

/**
 * One attempt's response as the JDK client returned it: its head, and its body held by {@link
 * HeldBody} with the first bytes already read, so peeking never blocks (the same object serves
 * {@code send} and {@code sendAsync}). Thread-safe.
 */
final class JdkExchange implements Exchange {
  final HttpResponse<?> response;
  private final HeldBody body;
  volatile boolean discarded;

  /**
   * @param response the attempt's response, its body value the body the JDK reads into
   */
  JdkExchange(HttpResponse<HeldBody> response) {
    this.response = response;
    this.body = response.body();
  }

  HeldBody body() {
    return body;
  }

  @Override
  public int status() {
    return response.statusCode();
  }

  @Override
  public HeaderLookup headers() {
    return new HeadersLookup(response.headers());
  }

  @Override
  public Peek peekBody() {
    Peek peek = body().peek();
    if (isGzip()) {
      // The JDK client does not decompress; an application that asked for gzip gets gzip, but the
      // classifier reads a decompressed copy.
      byte[] bytes = gunzip(peek.bytes(), peek.length());
      return Peek.body(bytes, bytes.length);
    }
    return peek;
  }

  @Override
  public Peek peekStream() {
    return body().peek();
  }

  @Override
  public void discard() {
    discarded = true;
    body().discard();
  }

  private boolean isGzip() {
    return "gzip".equalsIgnoreCase(HeadersLookup.first(response.headers(), "content-encoding"));
  }

  private static byte[] gunzip(byte[] bytes, int length) {
    byte[] out = new byte[PEEK_LIMIT];
    int n = 0;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes, 0, length))) {
      int r;
      while (n < out.length && (r = in.read(out, n, out.length - n)) > 0) {
        n += r;
      }
    } catch (IOException e) {
      // Cut off at the peek limit, or not gzip after all: judge what came out, or the raw bytes.
      if (n == 0) {
        return java.util.Arrays.copyOf(bytes, length);
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
