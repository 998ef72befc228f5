package dev.rebound.agent.instrument.apache4.adapter;

import dev.rebound.agent.instrument.apache.BlockingExchange;
import java.io.IOException;
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
   * @param body the whole body (the prefix, then the rest of the original stream) and its length
   * @param ended true when the whole body is in the prefix (the connection is released already)
   */
  static PrefixedEntity of(HttpEntity original, BlockingExchange.Body body, boolean ended) {
    PrefixedEntity entity = new PrefixedEntity(ended);
    entity.setContent(body.content());
    entity.setContentLength(body.length());
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
