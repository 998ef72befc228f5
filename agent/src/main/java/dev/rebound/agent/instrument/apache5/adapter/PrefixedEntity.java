package dev.rebound.agent.instrument.apache5.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * A response entity whose first bytes Rebound already read: the application reads them again, then
 * the rest from the connection, through the one stream given here. Content type, encoding and
 * trailers stay the original's; closing it closes the original, which releases the connection.
 * Confined to the thread reading the response.
 */
final class PrefixedEntity extends HttpEntityWrapper {
  private final InputStream content;
  private final boolean ended;
  private final long length;

  /**
   * @param content the whole body: the prefix, then the rest of the original stream
   * @param ended true when the whole body is in the prefix (the connection is released already)
   * @param length the body's length when known, else -1
   */
  PrefixedEntity(HttpEntity original, InputStream content, boolean ended, long length) {
    super(original);
    this.content = content;
    this.ended = ended;
    this.length = length;
  }

  @Override
  public InputStream getContent() {
    return content;
  }

  @Override
  public long getContentLength() {
    return length;
  }

  @Override
  public boolean isRepeatable() {
    return false;
  }

  @Override
  public boolean isStreaming() {
    // EntityUtils.consume closes a streaming entity's content: that releases the connection.
    return !ended;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    try (InputStream in = content) {
      in.transferTo(out);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      content.close();
    } finally {
      super.close();
    }
  }
}
