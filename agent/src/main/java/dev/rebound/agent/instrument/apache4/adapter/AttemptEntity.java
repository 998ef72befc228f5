package dev.rebound.agent.instrument.apache4.adapter;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.IOException;
import org.apache.http.Header;
import org.apache.http.entity.AbstractHttpEntity;

/**
 * Rebound's copy of a request entity: the same bytes (or a rewritten model) for each attempt, with
 * the application's content type and encoding. Repeatable, so the client's redirects and its
 * retries of requests that never left still work. Immutable.
 */
final class AttemptEntity extends AbstractHttpEntity {
  private final byte[] bytes;

  AttemptEntity(byte[] bytes, Header contentType, Header contentEncoding) {
    this.bytes = bytes;
    setContentType(contentType);
    setContentEncoding(contentEncoding);
  }

  @Override
  public boolean isRepeatable() {
    return true;
  }

  @Override
  public long getContentLength() {
    return bytes.length;
  }

  @Override
  public InputStream getContent() {
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes);
    out.flush();
  }

  @Override
  public boolean isStreaming() {
    return false;
  }
}
