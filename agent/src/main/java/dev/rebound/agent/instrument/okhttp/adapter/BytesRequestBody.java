package dev.rebound.agent.instrument.okhttp.adapter;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * Rebound's copy of a request body: the same bytes (or a rewritten model) every attempt. It says it
 * is one-shot although it is not: OkHttp then does not repeat an attempt by itself (a 408, a
 * connection that failed after the request was sent), so that Rebound, the one retry loop of a
 * managed call, sees every request and applies its waits to it (SPEC §2).
 */
final class BytesRequestBody extends RequestBody {
  private final MediaType contentType;
  private final byte[] bytes;
  private final boolean attempt;

  /** A managed attempt's body: OkHttp must not repeat it by itself. */
  BytesRequestBody(MediaType contentType, byte[] bytes) {
    this(contentType, bytes, true);
  }

  /**
   * @param attempt true for a managed attempt's body, which OkHttp must not repeat by itself; false
   *     for a body sent once, unmanaged, which OkHttp treats as it would the application's own
   */
  BytesRequestBody(MediaType contentType, byte[] bytes, boolean attempt) {
    this.contentType = contentType;
    this.bytes = bytes;
    this.attempt = attempt;
  }

  @Override
  public MediaType contentType() {
    return contentType;
  }

  @Override
  public long contentLength() {
    return bytes.length;
  }

  @Override
  public boolean isOneShot() {
    return attempt;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    sink.write(bytes);
  }
}
