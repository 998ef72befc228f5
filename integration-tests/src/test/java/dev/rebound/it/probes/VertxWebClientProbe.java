package dev.rebound.it.probes;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary Vert.x {@code WebClient} application (Vert.x 5), run in a forked JVM with the agent:
 * {@code sendBuffer}, {@code send}, {@code sendStream} with and without a declared length, and a
 * stream piped to a {@code WriteStream} of its own as it arrives.
 */
public final class VertxWebClientProbe {
  private VertxWebClientProbe() {}

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    WebClient client = WebClient.create(vertx);
    ProbeIo.serve((mode, url, body, headers, out) -> run(client, mode, url, body, headers, out));
    System.exit(0);
  }

  private static void run(
      WebClient client,
      String mode,
      String url,
      String body,
      List<String[]> headers,
      ProbeIo.Out out)
      throws Exception {
    String what = ProbeIo.what(mode);
    HttpRequest<Buffer> request =
        client.requestAbs(what.equals("get") ? HttpMethod.GET : HttpMethod.POST, url);
    if (!what.equals("get")) {
      request.putHeader("content-type", "application/json");
    }
    for (String[] h : headers) {
      request.putHeader(h[0], h[1]);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (what.equals("stream")) {
      LineWriter lines = new LineWriter(out);
      HttpResponse<Void> response =
          request
              .as(BodyCodec.pipe(lines))
              .sendBuffer(Buffer.buffer(bytes))
              .toCompletionStage()
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
      synchronized (out) {
        head(response, out);
      }
      return;
    }
    Future<HttpResponse<Buffer>> sent =
        switch (what) {
          case "get" -> request.send();
          case "oneshot" -> request.sendStream(new VertxProbe.OneShotStream(bytes));
          case "known" -> {
            request.putHeader("content-length", Integer.toString(bytes.length));
            yield request.sendStream(new VertxProbe.OneShotStream(bytes));
          }
          default -> request.sendBuffer(Buffer.buffer(bytes));
        };
    HttpResponse<Buffer> response =
        sent.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    head(response, out);
    out.body(response.bodyAsString() == null ? "" : response.bodyAsString());
  }

  private static void head(HttpResponse<?> response, ProbeIo.Out out) {
    out.status(response.statusCode());
    for (Map.Entry<String, String> h : response.headers()) {
      out.header(h.getKey(), h.getValue());
    }
  }

  /** The application's own sink for a stream: prints each line as it arrives. */
  private static final class LineWriter implements WriteStream<Buffer> {
    private final ProbeIo.Out out;
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    LineWriter(ProbeIo.Out out) {
      this.out = out;
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      synchronized (out) {
        partial.append(data.toString(StandardCharsets.UTF_8));
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
          out.chunk(partial.substring(0, nl));
          partial.delete(0, nl + 1);
        }
      }
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      synchronized (out) {
        if (partial.length() > 0) {
          out.chunk(partial.toString());
        }
      }
      ended.complete(null);
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      return this;
    }
  }
}
