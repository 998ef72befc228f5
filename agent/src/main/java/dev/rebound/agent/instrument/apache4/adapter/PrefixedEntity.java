package dev.rebound.agent.instrument.apache4.adapter;

import java.io.IOException;
import java.io.InputStream;
import org.apache.http.HttpEntity;
import org.apache.http.entity.BasicHttpEntity;

/**
 * A response entity whose first bytes Rebound already read: the application reads them again, then
 * the rest from the connection, through the one stream given here. Content type, encoding and
 * chunking stay the original's. Confined to the thread reading the response.
 */
final class PrefixedEntity extends BasicHttpEntity {
  private final boolean ended;

  private PrefixedEntity(boolean ended) {
    this.ended = ended;
  }

  /**
   * @param content the whole body: the prefix, then the rest of the original stream
   * @param ended true when the whole body is in the prefix (the connection is released already)
   * @param length the body's length when known, else -1
   */
  static PrefixedEntity of(HttpEntity original, InputStream content, boolean ended, long length) {
    PrefixedEntity entity = new PrefixedEntity(ended);
    entity.setContent(content);
    entity.setContentLength(length);
    entity.setContentType(original.getContentType());
    entity.setContentEncoding(original.getContentEncoding());
    entity.setChunked(original.isChunked());
    return entity;
  }

  @Override
  public boolean isStreaming() {
    // EntityUtils.consume closes a streaming entity's content: that releases the connection.
    return !ended;
  }

  @Override
  @Deprecated
  public void consumeContent() throws IOException {
    // How older applications give the connection back.
    getContent().close();
  }
}
