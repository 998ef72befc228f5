package dev.rebound.agent.instrument.apache5.adapter;

import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.instrument.apache.BlockingExchange;
import java.io.IOException;
import java.util.function.BiConsumer;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;

/**
 * One attempt's HttpClient 5 response as the shared core reads and changes it. One class, not a
 * lambda per function: each lambda is spun into a class on the first managed call. Confined to one
 * thread at a time.
 */
final class Apache5Response
    implements HeaderLookup,
        BiConsumer<String, String>,
        BlockingExchange.BodyReader,
        BlockingExchange.BodyReplacer,
        BlockingExchange.Closer {
  private final CloseableHttpResponse response;
  private final HttpUriRequestBase request;

  Apache5Response(CloseableHttpResponse response, HttpUriRequestBase request) {
    this.response = response;
    this.request = request;
  }

  @Override
  public String get(String name) {
    return Apache5Request.firstValue(response, name);
  }

  /** Sets a header of the response. */
  @Override
  public void accept(String name, String value) {
    response.setHeader(name, value);
  }

  @Override
  public BlockingExchange.Body read() throws IOException {
    HttpEntity entity = response.getEntity();
    return entity == null
        ? null
        : new BlockingExchange.Body(entity.getContent(), entity.getContentLength());
  }

  @Override
  public void replace(BlockingExchange.Body body, boolean ended) {
    response.setEntity(new PrefixedEntity(response.getEntity(), body, ended));
  }

  @Override
  public void close(boolean bodyEnded) {
    if (!bodyEnded) {
      // Closing an unread body would drain it (a stream may go on for minutes): drop the
      // connection instead. Its lease goes back to the pool either way.
      request.cancel();
    }
    response.close(CloseMode.IMMEDIATE);
  }
}
