package dev.rebound.it.probes;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;

/**
 * An ordinary Apache HttpClient 5 async application, run in a forked JVM with the agent: it knows
 * nothing of Rebound. Simple requests, request producers with a streaming response consumer of its
 * own, HttpClient 5's default retry strategy.
 */
public final class Apache5AsyncProbe {
  private Apache5AsyncProbe() {}

  public static void main(String[] args) throws Exception {
    HttpAsyncClientBuilder builder =
        HttpAsyncClients.custom()
            .setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(10)).build());
    if (Boolean.getBoolean("probe.customRetry")) {
      builder.setRetryStrategy(new CustomRetries.Apache5());
    }
    CloseableHttpAsyncClient client = builder.build();
    client.start();
    ProbeIo.serve((mode, url, body, headers, out) -> run(client, mode, url, body, headers, out));
    System.exit(0);
  }

  private static void run(
      CloseableHttpAsyncClient client,
      String mode,
      String url,
      String body,
      List<String[]> headers,
      ProbeIo.Out out)
      throws Exception {
    String what = ProbeIo.what(mode);
    switch (what) {
      case "overloads" -> overloads(client, url, body, headers, out);
      case "pool" -> pool(url, body, headers, out);
      case "cancel" -> cancel(client, simple("", url, body, headers), out);
      case "sharedcontext" -> sharedContext(client, url, body, headers, out);
      case "stream" -> {
        BasicRequestProducer producer =
            new BasicRequestProducer(
                simple("", url, body, headers),
                AsyncEntityProducers.create(body, ContentType.APPLICATION_JSON));
        client.execute(producer, new LineConsumer(out), null).get(60, TimeUnit.SECONDS);
      }
      case "oneshot", "known" -> {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        BasicRequestProducer producer =
            new BasicRequestProducer(
                simple("", url, body, headers), new OneShotProducer(bytes, what.equals("oneshot")));
        print(
            client
                .execute(producer, SimpleResponseConsumer.create(), null)
                .get(60, TimeUnit.SECONDS),
            out);
      }
      default ->
          print(
              client.execute(simple(what, url, body, headers), null).get(60, TimeUnit.SECONDS),
              out);
    }
  }

  static SimpleHttpRequest simple(String what, String url, String body, List<String[]> headers) {
    SimpleRequestBuilder b =
        what.equals("get")
            ? SimpleRequestBuilder.get(url)
            : SimpleRequestBuilder.post(url).setBody(body, ContentType.APPLICATION_JSON);
    for (String[] h : headers) {
      b.addHeader(h[0], h[1]);
    }
    return b.build();
  }

  private static void print(SimpleHttpResponse response, ProbeIo.Out out) {
    out.status(response.getCode());
    for (Header h : response.getHeaders()) {
      out.header(h.getName(), h.getValue());
    }
    out.body(response.getBodyText() == null ? "" : response.getBodyText());
  }

  /** Cancels the future while Rebound waits to retry: the callback must hear at once. */
  private static void cancel(
      CloseableHttpAsyncClient client, SimpleHttpRequest request, ProbeIo.Out out)
      throws Exception {
    CompletableFuture<Long> cancelled = new CompletableFuture<>();
    long[] start = new long[1];
    Future<SimpleHttpResponse> future =
        client.execute(
            request,
            new FutureCallback<>() {
              @Override
              public void completed(SimpleHttpResponse result) {
                cancelled.completeExceptionally(
                    new IllegalStateException("completed " + result.getCode()));
              }

              @Override
              public void failed(Exception ex) {
                cancelled.completeExceptionally(ex);
              }

              @Override
              public void cancelled() {
                cancelled.complete((System.nanoTime() - start[0]) / 1_000_000);
              }
            });
    Thread.sleep(300);
    start[0] = System.nanoTime();
    future.cancel(true);
    long ms = cancelled.get(60, TimeUnit.SECONDS);
    try {
      future.get(1, TimeUnit.SECONDS);
      out.error("not cancelled");
    } catch (CancellationException e) {
      out.error(e.getClass().getName() + " after " + ms + "ms");
    }
  }

  /**
   * Two calls through one {@code HttpContext}, as an application that keeps one per client does:
   * the first to {@code url}, and while it is in flight a second to the URL in the {@code
   * x-probe-other} header. Prints the second call's answer, and the first's status in {@code
   * x-probe-first}.
   */
  private static void sharedContext(
      CloseableHttpAsyncClient client,
      String url,
      String body,
      List<String[]> headers,
      ProbeIo.Out out)
      throws Exception {
    HttpClientContext shared = HttpClientContext.create();
    String other = null;
    List<String[]> own = new ArrayList<>();
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase("x-probe-other")) {
        other = h[1];
      } else {
        own.add(h);
      }
    }
    Future<SimpleHttpResponse> first = client.execute(simple("", url, body, own), shared, null);
    Thread.sleep(300);
    SimpleHttpResponse second =
        client.execute(simple("", other, body, own), shared, null).get(60, TimeUnit.SECONDS);
    out.header("x-probe-first", Integer.toString(first.get(60, TimeUnit.SECONDS).getCode()));
    print(second, out);
  }

  /**
   * Every execute overload, then the minimal client, each on its own script of a 503 then a 200.
   */
  private static void overloads(
      CloseableHttpAsyncClient client,
      String url,
      String body,
      List<String[]> headers,
      ProbeIo.Out out)
      throws Exception {
    HttpHost host = HttpHost.create(URI.create(url));
    List<Future<SimpleHttpResponse>> calls = new ArrayList<>();
    calls.add(client.execute(simple("", url, body, headers), null));
    calls.get(0).get(60, TimeUnit.SECONDS);
    calls.add(client.execute(simple("", url, body, headers), HttpClientContext.create(), null));
    calls.get(1).get(60, TimeUnit.SECONDS);
    calls.add(client.execute(producer(url, body, headers), SimpleResponseConsumer.create(), null));
    calls.get(2).get(60, TimeUnit.SECONDS);
    calls.add(
        client.execute(
            producer(url, body, headers),
            SimpleResponseConsumer.create(),
            HttpClientContext.create(),
            null));
    calls.get(3).get(60, TimeUnit.SECONDS);
    calls.add(
        client.execute(
            producer(url, body, headers), SimpleResponseConsumer.create(), null, null, null));
    calls.get(4).get(60, TimeUnit.SECONDS);
    calls.add(
        client.execute(
            host, producer(url, body, headers), SimpleResponseConsumer.create(), null, null, null));
    calls.get(5).get(60, TimeUnit.SECONDS);
    try (CloseableHttpAsyncClient minimal = HttpAsyncClients.createMinimal()) {
      minimal.start();
      calls.add(minimal.execute(simple("", url, body, headers), null));
      calls.get(6).get(60, TimeUnit.SECONDS);
    }
    List<String> seen = new ArrayList<>();
    for (Future<SimpleHttpResponse> call : calls) {
      SimpleHttpResponse r = call.get();
      seen.add(r.getCode() + "/" + r.getFirstHeader("x-rebound-attempts").getValue());
    }
    out.body(String.join(" ", seen));
  }

  private static SimpleRequestProducer producer(String url, String body, List<String[]> headers) {
    return SimpleRequestProducer.create(simple("", url, body, headers));
  }

  /** 1,000 failing calls through a pool of two connections: a leaked lease would time out. */
  private static void pool(String url, String body, List<String[]> headers, ProbeIo.Out out)
      throws Exception {
    PoolingAsyncClientConnectionManager pool =
        PoolingAsyncClientConnectionManagerBuilder.create()
            .setMaxConnTotal(2)
            .setMaxConnPerRoute(2)
            .build();
    RequestConfig config =
        RequestConfig.custom()
            .setConnectionRequestTimeout(Timeout.ofSeconds(5))
            .setResponseTimeout(Timeout.ofSeconds(10))
            .build();
    try (CloseableHttpAsyncClient client =
        HttpAsyncClients.custom()
            .setConnectionManager(pool)
            .setDefaultRequestConfig(config)
            .build()) {
      client.start();
      ProbeModes.thousandCalls(
          () -> {
            SimpleHttpResponse r =
                client.execute(simple("", url, body, headers), null).get(30, TimeUnit.SECONDS);
            return Integer.parseInt(r.getFirstHeader("x-rebound-attempts").getValue());
          },
          () -> pool.getTotalStats().getLeased(),
          out);
    }
  }

  /** The application's own streaming consumer: prints each line as it arrives. */
  private static final class LineConsumer implements AsyncResponseConsumer<Void> {
    private final ProbeIo.Out out;
    private final StringBuilder partial = new StringBuilder();
    private FutureCallback<Void> done;

    LineConsumer(ProbeIo.Out out) {
      this.out = out;
    }

    @Override
    public void consumeResponse(
        HttpResponse response,
        EntityDetails entity,
        HttpContext context,
        FutureCallback<Void> done) {
      synchronized (out) {
        out.status(response.getCode());
        for (Header h : response.getHeaders()) {
          out.header(h.getName(), h.getValue());
        }
      }
      this.done = done;
      if (entity == null) {
        done.completed(null);
      }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {}

    @Override
    public void updateCapacity(CapacityChannel channel) throws java.io.IOException {
      channel.update(Integer.MAX_VALUE);
    }

    @Override
    public void consume(ByteBuffer src) {
      byte[] bytes = new byte[src.remaining()];
      src.get(bytes);
      synchronized (out) {
        partial.append(new String(bytes, StandardCharsets.UTF_8));
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
          out.chunk(partial.substring(0, nl));
          partial.delete(0, nl + 1);
        }
      }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
      synchronized (out) {
        if (partial.length() > 0) {
          out.chunk(partial.toString());
        }
      }
      done.completed(null);
    }

    @Override
    public void failed(Exception cause) {
      synchronized (out) {
        out.error(cause.getClass().getName() + " " + cause.getMessage());
      }
    }

    @Override
    public void releaseResources() {}
  }

  /** A body that can be sent once only, as a stream would; its length known or not. */
  private static final class OneShotProducer implements AsyncEntityProducer {
    private final ByteBuffer bytes;
    private final boolean unknownLength;

    OneShotProducer(byte[] bytes, boolean unknownLength) {
      this.bytes = ByteBuffer.wrap(bytes);
      this.unknownLength = unknownLength;
    }

    @Override
    public boolean isRepeatable() {
      return false;
    }

    @Override
    public void failed(Exception cause) {}

    @Override
    public long getContentLength() {
      return unknownLength ? -1 : bytes.capacity();
    }

    @Override
    public String getContentType() {
      return ContentType.APPLICATION_JSON.toString();
    }

    @Override
    public String getContentEncoding() {
      return null;
    }

    @Override
    public boolean isChunked() {
      return unknownLength;
    }

    @Override
    public Set<String> getTrailerNames() {
      return null;
    }

    @Override
    public int available() {
      return bytes.remaining();
    }

    @Override
    public void produce(DataStreamChannel channel) throws java.io.IOException {
      channel.write(bytes);
      if (!bytes.hasRemaining()) {
        channel.endStream();
      }
    }

    @Override
    public void releaseResources() {}
  }
}
