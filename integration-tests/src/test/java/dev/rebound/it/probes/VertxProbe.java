package dev.rebound.it.probes;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.streams.ReadStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An ordinary Vert.x core {@code HttpClient} application, run in a forked JVM with the agent on
 * Vert.x 5.0 or 4.5 (compiled against 5.0, it calls only what both have, and the two methods whose
 * descriptors differ by reflection). Every call starts on an event-loop context, and the probe
 * checks that its response and body handlers run there.
 */
public final class VertxProbe {
  private static Vertx vertx;
  private static HttpClient plain;
  private static HttpClient tls;

  private VertxProbe() {}

  public static void main(String[] args) throws Exception {
    vertx = Vertx.vertx();
    plain = newClient(new HttpClientOptions(), new PoolOptions());
    String trust = System.getProperty("probe.trust");
    // probe.trust: an HTTPS server offering HTTP/2 by ALPN, reached with its own client.
    tls =
        trust == null
            ? plain
            : newClient(
                new HttpClientOptions()
                    .setSsl(true)
                    .setUseAlpn(true)
                    .setProtocolVersion(HttpVersion.HTTP_2)
                    .setTrustOptions(new PemTrustOptions().addCertPath(trust)),
                new PoolOptions());
    ProbeIo.serve(VertxProbe::run);
    System.exit(0);
  }

  private static void run(
      String mode, String url, String body, List<String[]> headers, ProbeIo.Out out)
      throws Exception {
    String what = ProbeIo.what(mode);
    HttpClient client = url.startsWith("https:") ? tls : plain;
    switch (what) {
      case "overloads" -> overloads(client, url, body, headers, out);
      case "pool" -> pool(url, body, headers, out);
      case "cancel" -> cancel(client, url, body, headers, out);
      case "defaults" -> {
        // A client whose default host and port are the server's, and a request naming its path.
        URI u = URI.create(url);
        HttpClient own =
            newClient(
                new HttpClientOptions().setDefaultHost(u.getHost()).setDefaultPort(u.getPort()),
                new PoolOptions());
        RequestOptions pathOnly =
            options("call", url, headers)
                .setURI(u.getRawPath())
                .setHost(null)
                .setPort(null)
                .setSsl(null);
        try {
          call(own, pathOnly, "call", body, out);
        } finally {
          own.close();
        }
      }
      default -> call(client, options(what, url, headers), what, body, out);
    }
  }

  private static void call(
      HttpClient client, RequestOptions options, String what, String body, ProbeIo.Out out)
      throws Exception {
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(
        v ->
            client
                .request(options)
                .compose(req -> send(what, req, body))
                .onComplete(
                    ar -> {
                      if (ar.failed()) {
                        done.completeExceptionally(ar.cause());
                        return;
                      }
                      read(what, ar.result(), context, out, done);
                    }));
    done.get(60, TimeUnit.SECONDS);
  }

  /** Vert.x 5 returns an HttpClientAgent, 4.5 an HttpClient: the same method by reflection. */
  private static HttpClient newClient(HttpClientOptions options, PoolOptions pool)
      throws ReflectiveOperationException {
    return (HttpClient)
        Vertx.class
            .getMethod("createHttpClient", HttpClientOptions.class, PoolOptions.class)
            .invoke(vertx, options, pool);
  }

  static RequestOptions options(String what, String url, List<String[]> headers) {
    RequestOptions o = new RequestOptions().setAbsoluteURI(url);
    // probe.idleTimeoutMs: the application's own per-request timeout.
    o.setIdleTimeout(Long.getLong("probe.idleTimeoutMs", 0L));
    o.setMethod(what.equals("get") ? HttpMethod.GET : HttpMethod.POST);
    if (!what.equals("get")) {
      o.putHeader("content-type", "application/json");
    }
    for (String[] h : headers) {
      o.addHeader(h[0], h[1]);
    }
    return o;
  }

  private static Future<HttpClientResponse> send(String what, HttpClientRequest req, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return switch (what) {
      case "get" -> req.send();
      case "oneshot" -> req.send(new OneShotStream(bytes));
      case "known" -> {
        req.putHeader("content-length", Integer.toString(bytes.length));
        yield req.send(new OneShotStream(bytes));
      }
      default -> req.send(Buffer.buffer(bytes));
    };
  }

  /** Reads the response as the application would: a stream line by line, else its whole body. */
  private static void read(
      String what,
      HttpClientResponse resp,
      Context context,
      ProbeIo.Out out,
      CompletableFuture<Void> done) {
    synchronized (out) {
      checkContext(context, out, "response");
      out.status(resp.statusCode());
      for (Map.Entry<String, String> h : resp.headers()) {
        out.header(h.getKey(), h.getValue());
      }
      out.header("x-probe-version", resp.version().name());
    }
    if (what.startsWith("stream")) {
      StringBuilder partial = new StringBuilder();
      resp.handler(
          chunk -> {
            synchronized (out) {
              checkContext(context, out, "chunk");
              partial.append(chunk.toString(StandardCharsets.UTF_8));
              int nl;
              while ((nl = partial.indexOf("\n")) >= 0) {
                out.chunk(partial.substring(0, nl));
                partial.delete(0, nl + 1);
              }
            }
            if (what.equals("stream-reset")) {
              // stream-reset: the application stops the stream after its first piece.
              resetQuietly(resp.request());
            }
          });
      resp.exceptionHandler(
          t -> {
            synchronized (out) {
              out.error(t.getClass().getName() + " after " + out.millis() + "ms");
            }
            done.complete(null);
          });
      resp.endHandler(
          v -> {
            synchronized (out) {
              if (partial.length() > 0) {
                out.chunk(partial.toString());
              }
            }
            done.complete(null);
          });
      return;
    }
    resp.body()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                done.completeExceptionally(ar.cause());
                return;
              }
              synchronized (out) {
                checkContext(context, out, "body");
                out.body(ar.result().toString(StandardCharsets.UTF_8));
              }
              done.complete(null);
            });
  }

  /**
   * {@code reset()}, which returns a boolean in 4.5 and a future in 5.x; or, with {@code
   * probe.stopWith=cancel}, {@code cancel()}, which 5.1 added.
   */
  private static void resetQuietly(HttpClientRequest request) {
    try {
      HttpClientRequest.class
          .getMethod(System.getProperty("probe.stopWith", "reset"))
          .invoke(request);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void checkContext(Context expected, ProbeIo.Out out, String where) {
    if (Vertx.currentContext() != expected) {
      out.error("wrong context for the " + where + ": " + Vertx.currentContext());
    }
  }

  /** Resets the request 300 ms into Rebound's wait: the response future must fail at once. */
  private static void cancel(
      HttpClient client, String url, String body, List<String[]> headers, ProbeIo.Out out)
      throws Exception {
    CompletableFuture<HttpClientRequest> made = new CompletableFuture<>();
    CompletableFuture<Long> failed = new CompletableFuture<>();
    long[] start = new long[1];
    vertx
        .getOrCreateContext()
        .runOnContext(
            v ->
                client
                    .request(options("call", url, headers))
                    .onSuccess(
                        req -> {
                          made.complete(req);
                          req.send(Buffer.buffer(body))
                              .onComplete(
                                  ar -> {
                                    if (ar.succeeded()) {
                                      failed.completeExceptionally(
                                          new IllegalStateException(
                                              "completed " + ar.result().statusCode()));
                                    } else {
                                      out.error(
                                          ar.cause().getClass().getName()
                                              + " after "
                                              + (System.nanoTime() - start[0]) / 1_000_000
                                              + "ms");
                                      failed.complete(0L);
                                    }
                                  });
                        }));
    HttpClientRequest req = made.get(30, TimeUnit.SECONDS);
    Thread.sleep(300);
    start[0] = System.nanoTime();
    resetQuietly(req);
    failed.get(60, TimeUnit.SECONDS);
  }

  /** 1,000 failing calls through a pool of two connections: a leaked one would hang the rest. */
  private static void pool(String url, String body, List<String[]> headers, ProbeIo.Out out)
      throws Exception {
    HttpClient two = newClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(2));
    ProbeModes.thousandCalls(
        () -> {
          CompletableFuture<Integer> attempts = new CompletableFuture<>();
          vertx
              .getOrCreateContext()
              .runOnContext(
                  v ->
                      two.request(options("call", url, headers))
                          .compose(req -> req.send(Buffer.buffer(body)))
                          .compose(
                              resp -> resp.body().map(b -> resp.getHeader("x-rebound-attempts")))
                          .onComplete(
                              ar -> {
                                if (ar.succeeded()) {
                                  attempts.complete(Integer.parseInt(ar.result()));
                                } else {
                                  attempts.completeExceptionally(ar.cause());
                                }
                              }));
          return attempts.get(30, TimeUnit.SECONDS);
        },
        () -> 0,
        out);
    two.close();
  }

  /** Each way to send a body, each on its own script of a 503 then a 200. */
  private static void overloads(
      HttpClient client, String url, String body, List<String[]> headers, ProbeIo.Out out)
      throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    List<Function<HttpClientRequest, Future<HttpClientResponse>>> ways = new ArrayList<>();
    ways.add(req -> req.send(Buffer.buffer(bytes)));
    ways.add(req -> req.send(body));
    ways.add(
        req -> {
          req.end(Buffer.buffer(bytes));
          return req.response();
        });
    ways.add(
        req -> {
          req.setChunked(true);
          req.write(Buffer.buffer(bytes).getBuffer(0, 10));
          req.write(Buffer.buffer(bytes).getBuffer(10, bytes.length));
          req.end();
          return req.response();
        });
    ways.add(req -> req.send(new OneShotStream(bytes)));
    List<String> seen = new ArrayList<>();
    for (Function<HttpClientRequest, Future<HttpClientResponse>> way : ways) {
      CompletableFuture<String> one = new CompletableFuture<>();
      vertx
          .getOrCreateContext()
          .runOnContext(
              v ->
                  client
                      .request(options("call", url, headers))
                      .compose(way::apply)
                      .compose(
                          resp ->
                              resp.body()
                                  .map(
                                      b ->
                                          resp.statusCode()
                                              + "/"
                                              + resp.getHeader("x-rebound-attempts")))
                      .onComplete(
                          ar -> {
                            if (ar.succeeded()) {
                              one.complete(ar.result());
                            } else {
                              one.completeExceptionally(ar.cause());
                            }
                          }));
      seen.add(one.get(60, TimeUnit.SECONDS));
    }
    if (callbacks()) {
      seen.add(withCallbacks(client, url, body, headers));
    }
    out.body(String.join(" ", seen));
  }

  /** Whether this Vert.x has 4.5's callback API (gone in 5). */
  private static boolean callbacks() {
    try {
      HttpClient.class.getMethod("request", RequestOptions.class, Handler.class);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** 4.5's callbacks: {@code request(options, handler)} then {@code send(buffer, handler)}. */
  private static String withCallbacks(
      HttpClient client, String url, String body, List<String[]> headers) throws Exception {
    CompletableFuture<String> one = new CompletableFuture<>();
    Handler<AsyncResult<HttpClientResponse>> onResponse =
        ar -> {
          if (ar.failed()) {
            one.completeExceptionally(ar.cause());
            return;
          }
          HttpClientResponse resp = ar.result();
          resp.body()
              .onComplete(
                  b ->
                      one.complete(resp.statusCode() + "/" + resp.getHeader("x-rebound-attempts")));
        };
    Handler<AsyncResult<HttpClientRequest>> onRequest =
        ar -> {
          if (ar.failed()) {
            one.completeExceptionally(ar.cause());
            return;
          }
          try {
            HttpClientRequest.class
                .getMethod("send", Buffer.class, Handler.class)
                .invoke(ar.result(), Buffer.buffer(body), onResponse);
          } catch (ReflectiveOperationException e) {
            one.completeExceptionally(e);
          }
        };
    vertx
        .getOrCreateContext()
        .runOnContext(
            v -> {
              try {
                HttpClient.class
                    .getMethod("request", RequestOptions.class, Handler.class)
                    .invoke(client, options("call", url, headers), onRequest);
              } catch (ReflectiveOperationException e) {
                one.completeExceptionally(e);
              }
            });
    return one.get(60, TimeUnit.SECONDS);
  }

  /** A body that can be read once only, in two pieces, as a file or a socket would give it. */
  static final class OneShotStream implements ReadStream<Buffer> {
    private final byte[] bytes;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private boolean paused;
    private boolean emitted;

    OneShotStream(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public synchronized ReadStream<Buffer> handler(Handler<Buffer> handler) {
      this.handler = handler;
      emit();
      return this;
    }

    @Override
    public synchronized ReadStream<Buffer> pause() {
      paused = true;
      return this;
    }

    @Override
    public synchronized ReadStream<Buffer> resume() {
      paused = false;
      emit();
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      return resume();
    }

    @Override
    public synchronized ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
      this.endHandler = endHandler;
      return this;
    }

    private void emit() {
      if (paused || emitted || handler == null) {
        return;
      }
      emitted = true;
      int half = bytes.length / 2;
      handler.handle(Buffer.buffer(bytes).getBuffer(0, half));
      handler.handle(Buffer.buffer(bytes).getBuffer(half, bytes.length));
      if (endHandler != null) {
        endHandler.handle(null);
      }
    }
  }
}
