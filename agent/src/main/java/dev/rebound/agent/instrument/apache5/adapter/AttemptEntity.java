package dev.rebound.agent.instrument.apache5.adapter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/**
 * Rebound's copy of a request entity: the same bytes (or a rewritten model) for each attempt, with
 * the application's content type and encoding. Repeatable, so the client's redirects and
 * authentication still work; the client's status retry is switched off separately. Immutable.
 */
final class AttemptEntity extends AbstractHttpEntity {
  private final byte[] bytes;

  AttemptEntity(byte[] bytes, String contentType, String contentEncoding) {
    super(contentType, contentEncoding);
    this.bytes = bytes;
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

  @Override
  public void close() {
    // Nothing to release.
  }
}
