package dev.rebound.it.probes;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An ordinary {@code java.net.http.HttpClient} application, run in a forked JVM with the agent: it
 * knows nothing of Rebound. It reads one call per line on stdin ({@code mode url base64(body)
 * base64(headers)}) and prints what it got. A mode is {@code <what>-<sync|async>}: {@code call},
 * {@code stream}, {@code get}, {@code oneshot} (a publisher of unknown length), {@code known} (a
 * publisher of known length), {@code push} (the push-promise overload), {@code inline} (a client
 * built for the call and dropped, while the JVM collects garbage), {@code interrupt}, {@code
 * cancel}, and {@code handler:<name>} for each kind of body handler. Compiled for 17, run on 17 and
 * 25.
 */
public final class JdkHttpClientProbe {
  private JdkHttpClientProbe() {}

  public static void main(String[] args) throws Exception {
    // Built once, before any call, as applications do.
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    // For https URLs: a client that trusts the test server's certificate; HTTP/2 by ALPN.
    String trust = System.getProperty("probe.trust");
    HttpClient tls =
        trust == null ? plain : HttpClient.newBuilder().sslContext(trusting(trust)).build();
    ProbeIo.serve(
        (mode, url, body, headers, out) ->
            run(url.startsWith("https:") ? tls : plain, mode, url, body, headers, out));
    System.exit(0);
  }

  private static void run(
      HttpClient client,
      String mode,
      String url,
      String body,
      List<String[]> headers,
      ProbeIo.Out out)
      throws Exception {
    String what = ProbeIo.what(mode);
    boolean async = mode.endsWith("-async");
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    for (String[] h : headers) {
      b.header(h[0], h[1]);
    }
    if (what.equals("get")) {
      b.GET();
    } else {
      b.header("Content-Type", "application/json").POST(publisher(what, body));
    }
    HttpRequest request = b.build();
    long start = System.nanoTime();
    if (what.equals("cancel")) {
      // Cancel while Rebound waits to retry: the application must hear at once, not after the wait.
      CompletableFuture<HttpResponse<String>> r =
          client.sendAsync(request, BodyHandlers.ofString());
      Thread.sleep(300);
      long cancelled = System.nanoTime();
      r.cancel(true);
      try {
        r.get(60, TimeUnit.SECONDS);
        out.status(0);
      } catch (java.util.concurrent.CancellationException e) {
        out.error(e.getClass().getName() + " after " + ms(cancelled) + "ms");
      }
      return;
    }
    if (what.equals("interrupt")) {
      Thread caller = Thread.currentThread();
      Thread interrupter =
          new Thread(
              () -> {
                sleep(300);
                caller.interrupt();
              });
      interrupter.start();
      try {
        client.send(request, BodyHandlers.ofString());
        out.status(0);
      } catch (InterruptedException e) {
        out.error(e.getClass().getName() + " after " + ms(start) + "ms");
      }
      interrupter.join();
      return;
    }
    if (what.equals("stream")) {
      HttpResponse<Stream<String>> r = send(client, request, BodyHandlers.ofLines(), async);
      head(r, out);
      try (Stream<String> lines = r.body()) {
        lines.forEach(out::chunk);
      }
      return;
    }
    if (what.equals("stream-input")) {
      HttpResponse<InputStream> r = send(client, request, BodyHandlers.ofInputStream(), async);
      head(r, out);
      try (InputStream in = r.body()) {
        out.lines(in);
      }
      return;
    }
    if (what.equals("inline")) {
      Thread gc =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  System.gc();
                  if (!sleep(50)) {
                    return;
                  }
                }
              });
      gc.setDaemon(true);
      gc.start();
      try {
        // The client is unreachable as soon as send is called: only the call keeps it alive.
        HttpResponse<String> r =
            async
                ? HttpClient.newHttpClient()
                    .sendAsync(request, BodyHandlers.ofString())
                    .get(60, TimeUnit.SECONDS)
                : HttpClient.newHttpClient().send(request, BodyHandlers.ofString());
        head(r, out);
        out.body(r.body());
      } finally {
        gc.interrupt();
      }
      return;
    }
    if (what.equals("push")) {
      HttpResponse.PushPromiseHandler<String> push = (initiating, pushed, acceptor) -> {};
      HttpResponse<String> r =
          client.sendAsync(request, BodyHandlers.ofString(), push).get(60, TimeUnit.SECONDS);
      head(r, out);
      out.body(r.body());
      return;
    }
    String handler = what.startsWith("handler:") ? what.substring(8) : "string";
    HttpResponse<?> r = send(client, request, handler(handler), async);
    head(r, out);
    out.body(bodyText(r.body()));
  }

  private static BodyPublisher publisher(String what, String body) {
    if (what.equals("oneshot")) {
      // A publisher that can be read once and does not say how long it is (a streaming upload).
      return BodyPublishers.fromPublisher(BodyPublishers.ofString(body));
    }
    if (what.equals("known")) {
      // Spring's JdkClientHttpRequest: a one-shot publisher of known length.
      return BodyPublishers.fromPublisher(
          BodyPublishers.ofString(body), body.getBytes(StandardCharsets.UTF_8).length);
    }
    if (what.equals("handler:bytes")) {
      // A slice of a larger array: Rebound must send only the slice, on every attempt.
      byte[] padded = ("<<" + body + ">>>").getBytes(StandardCharsets.UTF_8);
      return BodyPublishers.ofByteArray(padded, 2, padded.length - 5);
    }
    return BodyPublishers.ofString(body);
  }

  private static BodyHandler<?> handler(String name) {
    switch (name) {
      case "string":
        return BodyHandlers.ofString();
      case "bytes":
        return BodyHandlers.ofByteArray();
      case "inputstream":
        return BodyHandlers.ofInputStream();
      case "lines":
        return BodyHandlers.ofLines();
      case "publisher":
        return BodyHandlers.ofPublisher();
      case "discarding":
        return BodyHandlers.discarding();
      case "custom":
        return (BodyHandler<String>) info -> new CountingSubscriber();
      default:
        throw new IllegalArgumentException(name);
    }
  }

  /** The body as text, whatever the handler made of it. */
  @SuppressWarnings("unchecked")
  private static String bodyText(Object body) throws Exception {
    if (body == null) {
      return "<null>";
    }
    if (body instanceof String s) {
      return s;
    }
    if (body instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (body instanceof InputStream in) {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    if (body instanceof Stream<?> lines) {
      try (lines) {
        return String.join("\n", lines.map(Object::toString).toList());
      }
    }
    if (body instanceof Flow.Publisher<?> publisher) {
      // Read it the way a reactive application would, one item at a time.
      BodySubscriber<String> s = BodySubscribers.ofString(StandardCharsets.UTF_8);
      ((Flow.Publisher<List<ByteBuffer>>) publisher).subscribe(s);
      return s.getBody().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    return body.toString();
  }

  private static <T> HttpResponse<T> send(
      HttpClient client, HttpRequest r, BodyHandler<T> h, boolean async) throws Exception {
    if (!async) {
      return client.send(r, h);
    }
    String caller = Thread.currentThread().getName();
    CompletableFuture<HttpResponse<T>> f = client.sendAsync(r, h);
    return f.thenApply(
            response -> {
              if (Thread.currentThread().getName().equals(caller)) {
                throw new IllegalStateException(
                    "the response was completed on the caller's thread");
              }
              return response;
            })
        .get(60, TimeUnit.SECONDS);
  }

  private static void head(HttpResponse<?> r, ProbeIo.Out out) {
    out.status(r.statusCode()).header("x-probe-version", r.version().toString());
    for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
      for (String v : h.getValue()) {
        out.header(h.getKey(), v);
      }
    }
  }

  /** An application's own subscriber: counts and keeps the bytes, asking for one item at a time. */
  private static final class CountingSubscriber implements BodySubscriber<String> {
    private final CompletableFuture<String> body = new CompletableFuture<>();
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    private Flow.Subscription subscription;

    @Override
    public CompletableFuture<String> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      for (ByteBuffer b : item) {
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
      body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      body.complete(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
    }
  }

  private static javax.net.ssl.SSLContext trusting(String pemFile) throws Exception {
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Paths.get(pemFile))) {
      store.setCertificateEntry(
          "test",
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    javax.net.ssl.TrustManagerFactory tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static long ms(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }
}
