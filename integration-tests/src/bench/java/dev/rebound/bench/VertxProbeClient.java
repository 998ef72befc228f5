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
 * Vert.x 5 core {@code HttpClient}: {@code request} then {@code send(Buffer)}, the body read with
 * {@code body()}; the caller waits on the future, as a blocking facade over Vert.x would. A pool
 * big enough for the 4-thread phase. Not in the default clients: now and then a call never ends,
 * with or without the agent, on one connection or eight, and the overhead part stops at a failed
 * call; run it with {@code -Dbench.clients=vertx}. The stall is the client's: the previous answer
 * was read whole, and the next request is never written (the event loop takes it and writes
 * nothing; seen with strace, Vert.x 5.0.7).
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
