package dev.rebound.agent.instrument.apache5.adapter;

import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.StreamTail;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache4.WatchedStream;
import java.io.IOException;
import java.util.Map;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;

/** Turns what the engine decided into the response (or exception) the application gets. Stateless. */
final class Apache5Responses {
  private Apache5Responses() {}

  static CloseableHttpResponse toResponse(CallResult<Apache5Exchange> result) throws IOException {
    if (result instanceof CallResult.Fail<Apache5Exchange> fail) {
      throw fail.failure();
    }
    if (result instanceof CallResult.Synthetic<Apache5Exchange> own) {
      ClassicHttpResponse response = new BasicClassicHttpResponse(own.status(), "Service Unavailable");
      response.setEntity(new ByteArrayEntity(own.body(), ContentType.APPLICATION_JSON));
      own.headers().forEach(response::setHeader);
      return CloseableHttpResponse.adapt(response);
    }
    CallResult.Deliver<Apache5Exchange> deliver = (CallResult.Deliver<Apache5Exchange>) result;
    CloseableHttpResponse response = deliver.exchange().response;
    setHeaders(response, deliver.headers());
    HttpEntity entity = response.getEntity();
    if (deliver.completion().isPending()) {
      if (entity == null) {
        deliver.streamEnded(null);
      } else {
        StreamTail tail =
            AgentRuntime.current().engine().streamTail(deliver.headers().get("x-rebound-model"));
        WatchedStream watched = new WatchedStream(entity.getContent(), tail, deliver);
        response.setEntity(new PrefixedEntity(entity, watched, false, entity.getContentLength()));
      }
    }
    return response;
  }

  private static void setHeaders(CloseableHttpResponse response, Map<String, String> headers) {
    headers.forEach(response::setHeader);
  }
}
