package dev.rebound.it.probes;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * An ordinary Apache HttpClient 5 classic application, run in a forked JVM with the agent: it knows
 * nothing of Rebound. Its client keeps HttpClient 5's default retry strategy, which retries 429 and
 * 503 on its own; Rebound must switch that off for the calls it manages.
 */
@SuppressWarnings("deprecation") // the execute(...) overloads returning a response: applications use them
public final class Apache5Probe {
  private Apache5Probe() {}

  public static void main(String[] args) throws Exception {
    CloseableHttpClient client =
        HttpClients.custom()
            .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(10)).build())
            .build();
    ProbeIo.serve((mode, url, body, headers, out) -> run(client, mode, url, body, headers, out));
    System.exit(0);
  }

  private static void run(
      CloseableHttpClient client, String mode, String url, String body, List<String[]> headers, ProbeIo.Out out)
      throws Exception {
    switch (mode) {
      case "overloads" -> overloads(url, body, headers, out);
      case "pool" -> pool(url, body, headers, out);
      case "cancel-sync" -> cancel(client, request(mode, url, body, headers), out);
      default -> {
        try (CloseableHttpResponse response = client.execute(request(mode, url, body, headers))) {
          print(response, mode.startsWith("stream"), out);
        }
      }
    }
  }

  static HttpUriRequestBase request(String mode, String url, String body, List<String[]> headers) {
    HttpUriRequestBase request;
    if (mode.startsWith("get")) {
      request = new HttpGet(url);
    } else {
      HttpPost post = new HttpPost(url);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      if (mode.equals("oneshot")) {
        // A stream of unknown length, sent once.
        post.setEntity(new InputStreamEntity(new ByteArrayInputStream(bytes), -1, ContentType.APPLICATION_JSON));
      } else if (mode.equals("oneshot-known")) {
        post.setEntity(new InputStreamEntity(new ByteArrayInputStream(bytes), bytes.length, ContentType.APPLICATION_JSON));
      } else {
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
      }
      request = post;
    }
    for (String[] h : headers) {
      request.addHeader(h[0], h[1]);
    }
    return request;
  }

  private static void print(ClassicHttpResponse response, boolean stream, ProbeIo.Out out) throws Exception {
    out.status(response.getCode());
    for (Header h : response.getHeaders()) {
      out.header(h.getName(), h.getValue());
    }
    HttpEntity entity = response.getEntity();
    if (stream) {
      BufferedReader r = new BufferedReader(new InputStreamReader(entity.getContent(), StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        out.chunk(line);
      }
    } else {
      out.body(entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8));
    }
  }

  /** Cancels the request while Rebound waits to retry: the application must hear at once. */
  private static void cancel(CloseableHttpClient client, HttpUriRequestBase request, ProbeIo.Out out) throws Exception {
    CompletableFuture<Object> result =
        CompletableFuture.supplyAsync(
            () -> {
              try (CloseableHttpResponse r = client.execute(request)) {
                return r.getCode();
              } catch (IOException e) {
                return e;
              }
            });
    Thread.sleep(300);
    long start = System.nanoTime();
    request.cancel();
    Object r = result.get(60, TimeUnit.SECONDS);
    long ms = (System.nanoTime() - start) / 1_000_000;
    out.error(r instanceof IOException e ? e.getClass().getName() + " after " + ms + "ms" : "status " + r);
  }

  /** Every execute overload (and executeOpen), each on its own script of a 503 then a 200. */
  private static void overloads(String url, String body, List<String[]> headers, ProbeIo.Out out) throws Exception {
    CloseableHttpClient client = HttpClients.createDefault();
    HttpHost host = HttpHost.create(URI.create(url));
    HttpClientResponseHandler<String> handler =
        r -> r.getCode() + "/" + r.getFirstHeader("x-rebound-attempts").getValue();
    List<String> seen = new ArrayList<>();
    seen.add(describe(client.execute(request("", url, body, headers))));
    seen.add(describe(client.execute(request("", url, body, headers), HttpClientContext.create())));
    seen.add(describe(client.execute(host, request("", url, body, headers))));
    seen.add(describe(client.execute(host, request("", url, body, headers), HttpClientContext.create())));
    seen.add(describe(client.executeOpen(host, request("", url, body, headers), null)));
    seen.add(client.execute(request("", url, body, headers), handler));
    seen.add(client.execute(request("", url, body, headers), HttpClientContext.create(), handler));
    seen.add(client.execute(host, request("", url, body, headers), handler));
    seen.add(client.execute(host, request("", url, body, headers), HttpClientContext.create(), handler));
    client.close();
    try (CloseableHttpClient minimal = HttpClients.createMinimal()) {
      seen.add(describe(minimal.execute(request("", url, body, headers))));
    }
    out.body(String.join(" ", seen));
  }

  private static String describe(ClassicHttpResponse r) throws IOException {
    try (r) {
      EntityUtils.consume(r.getEntity());
      return r.getCode() + "/" + r.getFirstHeader("x-rebound-attempts").getValue();
    }
  }

  /** 1,000 failing calls through a pool of two connections: a leaked lease would time out. */
  private static void pool(String url, String body, List<String[]> headers, ProbeIo.Out out) throws Exception {
    PoolingHttpClientConnectionManager pool =
        PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(2).setMaxConnPerRoute(2).build();
    RequestConfig config =
        RequestConfig.custom()
            .setConnectionRequestTimeout(Timeout.ofSeconds(5))
            .setResponseTimeout(Timeout.ofSeconds(10))
            .build();
    int errors = 0;
    int attempts = 0;
    try (CloseableHttpClient client =
        HttpClientBuilder.create().setConnectionManager(pool).setDefaultRequestConfig(config).build()) {
      for (int i = 0; i < 1000; i++) {
        try {
          attempts +=
              client.execute(
                  request("", url, body, headers),
                  r -> Integer.parseInt(r.getFirstHeader("x-rebound-attempts").getValue()));
        } catch (IOException e) {
          errors++;
        }
      }
      out.body("leased=" + pool.getTotalStats().getLeased() + " errors=" + errors + " attempts=" + attempts);
    }
  }
}
