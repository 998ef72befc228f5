package dev.rebound.agent.instrument.apache4.adapter;

import org.apache.http.HttpVersion;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.message.BasicHttpResponse;

/** Rebound's own response (SPEC §4: circuit open), as HttpClient 4.5 hands responses out. */
final class SyntheticResponse extends BasicHttpResponse implements CloseableHttpResponse {
  SyntheticResponse(int status, byte[] body) {
    super(HttpVersion.HTTP_1_1, status, status == 503 ? "Service Unavailable" : "Rebound");
    setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
  }

  @Override
  public void close() {
    // Nothing holds a connection.
  }
}
