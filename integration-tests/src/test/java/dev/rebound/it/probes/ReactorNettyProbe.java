package dev.rebound.it.probes;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.ByteBufMono;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;

/**
 * An ordinary Reactor Netty application, run in a forked JVM with the agent: it knows nothing of
 * Rebound. Its bodies are the shapes applications send: a string ({@code ByteBufMono.fromString}),
 * a buffer Reactor Netty frees after one send ({@code known}), a chunked {@code Flux} of no length
 * ({@code oneshot}); it reads responses with each of the five {@code response*} methods.
 */
public final class ReactorNettyProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private ReactorNettyProbe() {}

  public static void main(String[] args) throws Exception {
    HttpClient client = HttpClient.create().responseTimeout(Duration.ofSeconds(20));
    String trust = System.getProperty("probe.trust");
    // probe.trust: an HTTPS server offering HTTP/2 by ALPN, reached with a client of its own.
    HttpClient tls = trust == null ? client : http2(client, trust);
    ProbeIo.serve(
        (mode, url, body, headers, out) ->
            run(url.startsWith("https:") ? tls : client, mode, url, body, headers, out));
    System.exit(0);
  }

  /**
   * HTTP/2 by ALPN, HTTP/1.1 else, trusting {@code trust}. The spec overload 1.2 deprecated is the
   * one 1.1 has too (it has no {@code GenericSslContextSpec}).
   */
  @SuppressWarnings("deprecation")
  private static HttpClient http2(HttpClient client, String trust) {
    return client
        .protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
        .secure(
            spec ->
                spec.sslContext(
                    Http2SslContextSpec.forClient()
                        .configure(b -> b.trustManager(new File(trust)))));
  }

  private static void run(
      HttpClient client,
      String mode,
      String url,
      String body,
      List<String[]> headers,
      ProbeIo.Out out)
      throws Exception {
    HttpClient c = withHeaders(client, headers);
    switch (ProbeIo.what(mode)) {
      case "get" -> print(c.get().uri(url).responseSingle(ReactorNettyProbe::answer), out);
      case "stream" -> stream(c, url, body, out);
      case "known" -> print(post(c, url, Mono.just(Unpooled.wrappedBuffer(bytes(body)))), out);
      case "oneshot" -> {
        // Two chunks, sent with no length (chunked), read from the Flux once.
        int half = body.length() / 2;
        print(
            post(
                c,
                url,
                ByteBufFlux.fromString(Flux.just(body.substring(0, half), body.substring(half)))),
            out);
      }
      case "timeout" ->
          // A client whose response timeout (1 s) a slow server outlasts: ReadTimeoutException.
          print(
              post(
                  c.responseTimeout(Duration.ofSeconds(1)),
                  url,
                  ByteBufMono.fromString(Mono.just(body))),
              out);
      case "form" ->
          print(
              c.post()
                  .uri(url)
                  .sendForm((request, form) -> form.multipart(true).attr("model", "openai/gpt-4o"))
                  .responseSingle(ReactorNettyProbe::answer),
              out);
      case "concurrent" -> concurrent(url, body, headers, out);
      case "cancel" -> cancel(c, url, body, out);
      case "overloads" -> overloads(c, url, body, out);
      case "pool" -> pool(url, body, headers, out);
      default -> print(post(c, url, ByteBufMono.fromString(Mono.just(body))), out);
    }
  }

  private static HttpClient withHeaders(HttpClient client, List<String[]> headers) {
    return client.headers(
        h -> {
          h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
          for (String[] header : headers) {
            h.add(header[0], header[1]);
          }
        });
  }

  private static Mono<Answer> post(
      HttpClient c, String url, org.reactivestreams.Publisher<? extends ByteBuf> body) {
    return c.post().uri(url).send(body).responseSingle(ReactorNettyProbe::answer);
  }

  /** The status, headers and body text of a response. */
  record Answer(int status, HttpHeaders headers, String body, String version) {}

  private static Mono<Answer> answer(HttpClientResponse response, ByteBufMono content) {
    return content
        .asString(StandardCharsets.UTF_8)
        .defaultIfEmpty("")
        .map(
            text ->
                new Answer(
                    response.status().code(), response.responseHeaders(), text, version(response)));
  }

  /** The protocol as the shared scenarios name it. */
  private static String version(HttpClientResponse response) {
    return response.version().majorVersion() == 2 ? "HTTP_2" : "HTTP_1_1";
  }

  private static void print(Mono<Answer> call, ProbeIo.Out out) {
    Answer a = call.block(TIMEOUT);
    out.status(a.status()).header("x-probe-version", a.version());
    for (Map.Entry<String, String> h : a.headers()) {
      out.header(h.getKey(), h.getValue());
    }
    out.body(a.body());
  }

  /** {@code response(fn)}: each line of the stream as it arrives. */
  private static void stream(HttpClient c, String url, String body, ProbeIo.Out out) {
    StringBuilder partial = new StringBuilder();
    c.post()
        .uri(url)
        .send(ByteBufMono.fromString(Mono.just(body)))
        .response(
            (response, content) -> {
              synchronized (out) {
                out.status(response.status().code()).header("x-probe-version", version(response));
                for (Map.Entry<String, String> h : response.responseHeaders()) {
                  out.header(h.getKey(), h.getValue());
                }
              }
              return content.asString(StandardCharsets.UTF_8);
            })
        .doOnNext(
            text -> {
              partial.append(text);
              int nl;
              while ((nl = partial.indexOf("\n")) >= 0) {
                synchronized (out) {
                  out.chunk(partial.substring(0, nl));
                }
                partial.delete(0, nl + 1);
              }
            })
        .blockLast(TIMEOUT);
  }

  /** Two calls at once on a pool of one connection: each one's status and attempts. */
  private static void concurrent(String url, String body, List<String[]> headers, ProbeIo.Out out) {
    ConnectionProvider provider =
        ConnectionProvider.builder("rebound-probe-one")
            .maxConnections(1)
            .pendingAcquireTimeout(Duration.ofSeconds(5))
            .build();
    HttpClient c = withHeaders(HttpClient.create(provider), headers);
    try {
      List<Answer> answers =
          Flux.merge(
                  post(c, url, ByteBufMono.fromString(Mono.just(body))),
                  post(c, url, ByteBufMono.fromString(Mono.just(body))))
              .collectList()
              .block(TIMEOUT);
      List<String> seen = new ArrayList<>();
      for (Answer a : answers) {
        seen.add(a.status() + "/" + a.headers().get("x-rebound-attempts"));
      }
      seen.sort(null);
      out.body(String.join(" ", seen));
    } finally {
      provider.disposeLater().block(TIMEOUT);
    }
  }

  /** Disposes the subscription 300 ms in, while Rebound waits to retry. */
  private static void cancel(HttpClient c, String url, String body, ProbeIo.Out out)
      throws Exception {
    CompletableFuture<Long> ended = new CompletableFuture<>();
    AtomicReference<Object> seen = new AtomicReference<>();
    Disposable call =
        post(c, url, ByteBufMono.fromString(Mono.just(body)))
            .doOnCancel(() -> ended.complete(System.nanoTime()))
            .subscribe(seen::set, seen::set);
    Thread.sleep(Long.getLong("probe.cancelAfterMs", 300));
    long start = System.nanoTime();
    call.dispose();
    long end = ended.get(10, TimeUnit.SECONDS);
    // Nothing reaches the application after its cancel: no answer, no error.
    Thread.sleep(200);
    out.error(
        (seen.get() == null ? "cancelled" : "saw " + seen.get())
            + " after "
            + (end - start) / 1_000_000
            + "ms");
  }

  /**
   * Each of the five {@code response*} methods on a 503 then a 200: its status and attempts. {@code
   * responseContent()} shows no head: the test counts its requests at the server.
   */
  private static void overloads(HttpClient c, String url, String body, ProbeIo.Out out) {
    List<Function<HttpClient.ResponseReceiver<?>, Mono<String>>> forms =
        List.of(
            s -> s.response().map(r -> seen(r)),
            s ->
                s.response((r, content) -> content.aggregate().asString().map(t -> seen(r)))
                    .single(),
            s -> s.responseSingle((r, content) -> content.asString().map(t -> seen(r))),
            s ->
                s.responseConnection(
                        (r, conn) ->
                            conn.inbound().receive().aggregate().asString().map(t -> seen(r)))
                    .single(),
            s ->
                s.responseContent()
                    .aggregate()
                    .asString()
                    .map(t -> t.contains("\"choices\"") ? "200/2" : "unexpected " + t));
    List<String> answers = new ArrayList<>();
    for (Function<HttpClient.ResponseReceiver<?>, Mono<String>> form : forms) {
      answers.add(
          form.apply(c.post().uri(url).send(ByteBufMono.fromString(Mono.just(body))))
              .block(TIMEOUT));
    }
    out.body(String.join(" ", answers));
  }

  private static String seen(HttpClientResponse r) {
    return r.status().code() + "/" + r.responseHeaders().get("x-rebound-attempts");
  }

  /**
   * 1,000 calls on a pool of two connections; the leases still out come from the pool's metrics.
   */
  private static void pool(String url, String body, List<String[]> headers, ProbeIo.Out out)
      throws Exception {
    AtomicReference<ConnectionPoolMetrics> metrics = new AtomicReference<>();
    ConnectionProvider provider =
        ConnectionProvider.builder("rebound-probe")
            .maxConnections(2)
            .pendingAcquireTimeout(Duration.ofSeconds(5))
            .metrics(true, () -> (poolName, id, remote, m) -> metrics.set(m))
            .build();
    HttpClient c =
        withHeaders(HttpClient.create(provider).responseTimeout(Duration.ofSeconds(10)), headers);
    try {
      ProbeModes.thousandCalls(
          () -> {
            Answer a =
                post(c, url, ByteBufMono.fromString(Mono.just(body))).block(Duration.ofSeconds(30));
            return Integer.parseInt(a.headers().get("x-rebound-attempts"));
          },
          () -> metrics.get() == null ? -1 : metrics.get().acquiredSize(),
          out);
    } finally {
      provider.disposeLater().block(TIMEOUT);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
