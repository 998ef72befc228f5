package dev.rebound.agent.instrument.apache4.adapter;

import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.StreamTail;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache4.WatchedStream;
import java.io.IOException;
import java.util.Map;
import org.apache.http.HttpEntity;
import org.apache.http.client.methods.CloseableHttpResponse;

/** Turns what the engine decided into the response (or exception) the application gets. Stateless. */
final class Apache4Responses {
  private Apache4Responses() {}

  static CloseableHttpResponse toResponse(CallResult<Apache4Exchange> result) throws IOException {
    if (result instanceof CallResult.Fail<Apache4Exchange> fail) {
      throw fail.failure();
    }
    if (result instanceof CallResult.Synthetic<Apache4Exchange> own) {
      SyntheticResponse response = new SyntheticResponse(own.status(), own.body());
      setHeaders(response, own.headers());
      return response;
    }
    CallResult.Deliver<Apache4Exchange> deliver = (CallResult.Deliver<Apache4Exchange>) result;
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
