package dev.rebound.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Reactor Netty, blocking on each call as a RestClient on it does, with a pool of eight. */
final class ReactorNettyProbeClient implements ProbeClient {
  private final ConnectionProvider pool =
      ConnectionProvider.builder("bench").maxConnections(8).build();
  private final HttpClient client =
      HttpClient.create(pool).headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
  private final String url;

  public ReactorNettyProbeClient(String url) {
    this.url = url;
  }

  @Override
  public int post(String json) {
    return client
        .post()
        .uri(url)
        .send(ByteBufMono.fromString(Mono.just(json)))
        .responseSingle((response, body) -> body.asByteArray().thenReturn(response.status().code()))
        .block(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    pool.disposeLater().block(Duration.ofSeconds(10));
  }
}
