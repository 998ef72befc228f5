package dev.rebound.bench;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/** Apache HttpClient 5 classic, with a pool big enough for the 4-thread phase. */
final class Apache5ProbeClient implements ProbeClient {
  private final CloseableHttpClient client =
      HttpClients.custom()
          .setConnectionManager(
              PoolingHttpClientConnectionManagerBuilder.create()
                  .setMaxConnPerRoute(8)
                  .setMaxConnTotal(8)
                  .build())
          .build();
  private final String url;

  public Apache5ProbeClient(String url) {
    this.url = url;
  }

  @Override
  public int post(String json) throws Exception {
    HttpPost post = new HttpPost(url);
    post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
    return client.execute(
        post,
        response -> {
          EntityUtils.consume(response.getEntity());
          return response.getCode();
        });
  }

  @Override
  public void close() throws java.io.IOException {
    client.close();
  }
}
