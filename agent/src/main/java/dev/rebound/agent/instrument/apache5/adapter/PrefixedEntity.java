package dev.rebound.agent.instrument.apache5.adapter;

import dev.rebound.agent.instrument.apache.BlockingExchange;
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
  private final long length;
  private final boolean ended;

  /**
   * @param body the whole body (the prefix, then the rest of the original stream) and its length
   * @param ended true when the whole body is in the prefix (the connection is released already)
   */
  PrefixedEntity(HttpEntity original, BlockingExchange.Body body, boolean ended) {
    super(original);
    this.content = body.content();
    this.length = body.length();
    this.ended = ended;
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
