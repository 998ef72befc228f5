package dev.rebound.it.probes;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.HttpResponse;
import org.apache.http.client.ResponseHandler;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.InputStreamEntity;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.DefaultServiceUnavailableRetryStrategy;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.util.EntityUtils;

/**
 * An ordinary Apache HttpClient 4.5 application, run in a forked JVM with the agent: it knows
 * nothing of Rebound. Its client retries 503s on its own, as an application may configure it to;
 * Rebound must switch that off for the calls it manages.
 */
public final class Apache4Probe {
  private Apache4Probe() {}

  public static void main(String[] args) throws Exception {
    CloseableHttpClient client =
        HttpClients.custom()
            .setServiceUnavailableRetryStrategy(
                Boolean.getBoolean("probe.customRetry")
                    ? new CustomRetries.Apache4()
                    : new DefaultServiceUnavailableRetryStrategy(1, 1))
            .setDefaultRequestConfig(RequestConfig.custom().setSocketTimeout(10_000).build())
            .build();
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
        HttpRequestBase request = request(what, url, body, headers);
        ProbeModes.cancelMidWait(() -> status(client, request), request::abort, out);
      }
      default -> {
        try (CloseableHttpResponse response = client.execute(request(what, url, body, headers))) {
          print(response, what.equals("stream"), out);
        }
      }
    }
  }

  static HttpRequestBase request(String what, String url, String body, List<String[]> headers) {
    HttpRequestBase request;
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

  private static void print(HttpResponse response, boolean stream, ProbeIo.Out out)
      throws IOException {
    out.status(response.getStatusLine().getStatusCode());
    for (Header h : response.getAllHeaders()) {
      out.header(h.getName(), h.getValue());
    }
    HttpEntity entity = response.getEntity();
    if (stream) {
      out.lines(entity.getContent());
    } else {
      out.body(entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8));
    }
  }

  private static int status(CloseableHttpClient client, HttpRequestBase request)
      throws IOException {
    try (CloseableHttpResponse r = client.execute(request)) {
      return r.getStatusLine().getStatusCode();
    }
  }

  /**
   * Every execute overload, then the minimal and the deprecated client, each on a 503 then a 200.
   */
  @SuppressWarnings("deprecation") // DefaultHttpClient: old applications still build it
  private static void overloads(String url, String body, List<String[]> headers, ProbeIo.Out out)
      throws Exception {
    CloseableHttpClient client = HttpClients.createDefault();
    HttpHost host =
        HttpHost.create(URI.create(url).getScheme() + "://" + URI.create(url).getRawAuthority());
    ResponseHandler<String> handler =
        r ->
            r.getStatusLine().getStatusCode()
                + "/"
                + r.getFirstHeader("x-rebound-attempts").getValue();
    List<String> seen = new ArrayList<>();
    seen.add(describe(client.execute(request("", url, body, headers))));
    seen.add(describe(client.execute(request("", url, body, headers), HttpClientContext.create())));
    seen.add(describe(client.execute(host, request("", url, body, headers))));
    seen.add(
        describe(
            client.execute(host, request("", url, body, headers), HttpClientContext.create())));
    seen.add(client.execute(request("", url, body, headers), handler));
    seen.add(client.execute(request("", url, body, headers), handler, HttpClientContext.create()));
    seen.add(client.execute(host, request("", url, body, headers), handler));
    seen.add(
        client.execute(host, request("", url, body, headers), handler, HttpClientContext.create()));
    client.close();
    try (CloseableHttpClient minimal = HttpClients.createMinimal()) {
      seen.add(describe(minimal.execute(request("", url, body, headers))));
    }
    try (CloseableHttpClient legacy = new org.apache.http.impl.client.DefaultHttpClient()) {
      seen.add(describe(legacy.execute(request("", url, body, headers))));
    }
    out.body(String.join(" ", seen));
  }

  private static String describe(CloseableHttpResponse r) throws IOException {
    try (r) {
      EntityUtils.consume(r.getEntity());
      return r.getStatusLine().getStatusCode()
          + "/"
          + r.getFirstHeader("x-rebound-attempts").getValue();
    }
  }

  /** 1,000 failing calls through a pool of two connections: a leaked lease would time out. */
  private static void pool(String url, String body, List<String[]> headers, ProbeIo.Out out)
      throws Exception {
    PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
    pool.setMaxTotal(2);
    pool.setDefaultMaxPerRoute(2);
    RequestConfig config =
        RequestConfig.custom().setConnectionRequestTimeout(5_000).setSocketTimeout(10_000).build();
    try (CloseableHttpClient client =
        HttpClientBuilder.create()
            .setConnectionManager(pool)
            .setDefaultRequestConfig(config)
            .build()) {
      ProbeModes.thousandCalls(
          () -> client.execute(request("", url, body, headers), Apache4Probe::attempts),
          () -> pool.getTotalStats().getLeased(),
          out);
    }
  }

  private static int attempts(HttpResponse response) {
    return Integer.parseInt(response.getFirstHeader("x-rebound-attempts").getValue());
  }
}
