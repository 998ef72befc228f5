package dev.rebound.it.probes;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
@SuppressWarnings(
    "deprecation") // the execute(...) overloads returning a response: applications use them
public final class Apache5Probe {
  private Apache5Probe() {}

  public static void main(String[] args) throws Exception {
    HttpClientBuilder builder =
        HttpClients.custom()
            .setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(10)).build());
    if (Boolean.getBoolean("probe.customRetry")) {
      builder.setRetryStrategy(new CustomRetries.Apache5());
    }
    CloseableHttpClient client = builder.build();
    ProbeIo.serve((mode, url, body, headers, out) -> run(client, mode, url, body, headers, out));
    System.exit(0);
  }

  private static void run(
      CloseableHttpClient client,
      String mode,
      String url,
      String body,
      List<String[]> headers,
      ProbeIo.Out out)
      throws Exception {
    String what = ProbeIo.what(mode);
    switch (what) {
      case "overloads" -> overloads(url, body, headers, out);
      case "pool" -> pool(url, body, headers, out);
      case "cancel" -> {
        HttpUriRequestBase request = request(what, url, body, headers);
        ProbeModes.cancelMidWait(() -> status(client, request), request::cancel, out);
      }
      default -> {
        try (CloseableHttpResponse response = client.execute(request(what, url, body, headers))) {
          print(response, what.equals("stream"), out);
        }
      }
    }
  }

  static HttpUriRequestBase request(String what, String url, String body, List<String[]> headers) {
    HttpUriRequestBase request;
    if (what.equals("get")) {
      request = new HttpGet(url);
    } else {
      HttpPost post = new HttpPost(url);
      ProbeModes.Body kind = ProbeModes.Body.of(what);
      post.setEntity(
          kind == ProbeModes.Body.REPEATABLE
              ? new StringEntity(body, ContentType.APPLICATION_JSON)
              : new InputStreamEntity(
                  kind.stream(body), kind.length(body), ContentType.APPLICATION_JSON));
      request = post;
    }
    for (String[] h : headers) {
      request.addHeader(h[0], h[1]);
    }
    return request;
  }

  private static void print(ClassicHttpResponse response, boolean stream, ProbeIo.Out out)
      throws Exception {
    out.status(response.getCode());
    for (Header h : response.getHeaders()) {
      out.header(h.getName(), h.getValue());
    }
    HttpEntity entity = response.getEntity();
    if (stream) {
      out.lines(entity.getContent());
    } else {
      out.body(entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8));
    }
  }

  private static int status(CloseableHttpClient client, HttpUriRequestBase request)
      throws IOException {
    try (CloseableHttpResponse r = client.execute(request)) {
      return r.getCode();
    }
  }

  /** Every execute overload (and executeOpen), each on its own script of a 503 then a 200. */
  private static void overloads(String url, String body, List<String[]> headers, ProbeIo.Out out)
      throws Exception {
    CloseableHttpClient client = HttpClients.createDefault();
    HttpHost host = HttpHost.create(URI.create(url));
    HttpClientResponseHandler<String> handler =
        r -> r.getCode() + "/" + r.getFirstHeader("x-rebound-attempts").getValue();
    List<String> seen = new ArrayList<>();
    seen.add(describe(client.execute(request("", url, body, headers))));
    seen.add(describe(client.execute(request("", url, body, headers), HttpClientContext.create())));
    seen.add(describe(client.execute(host, request("", url, body, headers))));
    seen.add(
        describe(
            client.execute(host, request("", url, body, headers), HttpClientContext.create())));
    seen.add(describe(client.executeOpen(host, request("", url, body, headers), null)));
    seen.add(client.execute(request("", url, body, headers), handler));
    seen.add(client.execute(request("", url, body, headers), HttpClientContext.create(), handler));
    seen.add(client.execute(host, request("", url, body, headers), handler));
    seen.add(
        client.execute(host, request("", url, body, headers), HttpClientContext.create(), handler));
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
  private static void pool(String url, String body, List<String[]> headers, ProbeIo.Out out)
      throws Exception {
    PoolingHttpClientConnectionManager pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(2)
            .setMaxConnPerRoute(2)
            .build();
    RequestConfig config =
        RequestConfig.custom()
            .setConnectionRequestTimeout(Timeout.ofSeconds(5))
            .setResponseTimeout(Timeout.ofSeconds(10))
            .build();
    try (CloseableHttpClient client =
        HttpClientBuilder.create()
            .setConnectionManager(pool)
            .setDefaultRequestConfig(config)
            .build()) {
      ProbeModes.thousandCalls(
          () -> client.execute(request("", url, body, headers), r -> attempts(r)),
          () -> pool.getTotalStats().getLeased(),
          out);
    }
  }

  private static int attempts(ClassicHttpResponse response) {
    return Integer.parseInt(response.getFirstHeader("x-rebound-attempts").getValue());
  }
}
