package dev.rebound.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Vert.x 5 core {@code HttpClient} (5.2 by default, {@code -Dbench.vertx.version}): {@code request}
 * then {@code send(Buffer)}, the body read with {@code body()}; the caller waits on the future, as
 * a blocking facade over Vert.x would. A pool big enough for the 4-thread phase. Not in the default
 * clients; run it with {@code -Dbench.clients=vertx}. Vert.x 5.0.7 now and then never wrote the
 * next request after reading the previous answer whole (strace, with and without the agent), which
 * stopped the overhead part; 5.2.3 has not.
 */
final class VertxProbeClient implements ProbeClient {
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client =
      vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(8));
  private final String url;

  public VertxProbeClient(String url) {
    this.url = url;
  }

  @Override
  public int post(String json) throws Exception {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(url)
            .putHeader("content-type", "application/json");
    Buffer body = Buffer.buffer(json.getBytes(StandardCharsets.UTF_8));
    return client
        .request(options)
        .compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> resp.statusCode()))
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws java.io.IOException {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.IOException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new java.io.IOException(e);
    }
  }
}
