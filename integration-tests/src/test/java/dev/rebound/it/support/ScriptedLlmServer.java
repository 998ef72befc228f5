package dev.rebound.it.support;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;

/**
 * An LLM API on loopback that answers from a script, in order, and remembers every request it got
 * and when. Answers nothing (404) once the script is spent, so a test that sends too much fails.
 */
public final class ScriptedLlmServer implements AutoCloseable {
  /** A request as it arrived. */
  public record Received(long nanos, String method, String path, Headers headers, String body) {}

  private final MockWebServer server = new MockWebServer();
  private final Deque<MockResponse> script = new ArrayDeque<>();
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private volatile MockResponse fallback;
  private volatile java.util.function.Function<Received, MockResponse> responder;
  private volatile long serverDelayMillis;
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger maxInFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final boolean https;

  public ScriptedLlmServer() throws IOException {
    this(null);
  }

  /** With {@code tls}, an HTTPS server that offers HTTP/2 (by ALPN) and HTTP/1.1. */
  public ScriptedLlmServer(javax.net.ssl.SSLSocketFactory tls) throws IOException {
    this(tls, 0);
  }

  /** An HTTP server on {@code port} (a port that refused connections until now, say). */
  public static ScriptedLlmServer onPort(int port) throws IOException {
    return new ScriptedLlmServer(null, port);
  }

  private ScriptedLlmServer(javax.net.ssl.SSLSocketFactory tls, int port) throws IOException {
    https = tls != null;
    if (https) {
      server.useHttps(tls, false);
      server.setProtocols(List.of(okhttp3.Protocol.HTTP_2, okhttp3.Protocol.HTTP_1_1));
    }
    server.setDispatcher(
        new Dispatcher() {
          /**
           * Lets a scripted connection-level policy (DISCONNECT_AT_START) apply when its turn
           * comes.
           */
          @Override
          public MockResponse peek() {
            synchronized (script) {
              MockResponse next = script.peek();
              return next != null ? next : super.peek();
            }
          }

          @Override
          public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
            Received got =
                new Received(
                    System.nanoTime(),
                    r.getMethod(),
                    r.getPath(),
                    r.getHeaders(),
                    r.getBody().readUtf8());
            received.add(got);
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
              if (serverDelayMillis > 0) {
                // A slow provider: the request stays in flight on the server this long.
                Thread.sleep(serverDelayMillis);
              }
              return answer(got);
            } finally {
              inFlight.decrementAndGet();
            }
          }
        });
    server.start(java.net.InetAddress.getByName("127.0.0.1"), port);
  }

  private MockResponse answer(Received got) {
    java.util.function.Function<Received, MockResponse> custom = responder;
    if (custom != null) {
      return custom.apply(got);
    }
    synchronized (script) {
      MockResponse next = script.poll();
      if (next != null) {
        return next;
      }
    }
    MockResponse always = fallback;
    return always != null
        ? always
        : new MockResponse().setResponseCode(404).setBody("{\"error\":\"script spent\"}");
  }

  /** Answers every request with {@code responder} instead of the script. */
  public void serveWith(java.util.function.Function<Received, MockResponse> responder) {
    this.responder = responder;
  }

  /** Keeps every request in flight on the server this long before answering. */
  public void delay(long millis) {
    serverDelayMillis = millis;
  }

  /** The most requests the server had in flight at once. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  public String url(String path) {
    return (https ? "https" : "http") + "://127.0.0.1:" + server.getPort() + path;
  }

  public String hostAndPort() {
    return "127.0.0.1:" + server.getPort();
  }

  public ScriptedLlmServer enqueue(int status, String body, String... headers) {
    MockResponse r = new MockResponse().setResponseCode(status).setBody(body);
    for (int i = 0; i < headers.length; i += 2) {
      r.setHeader(headers[i], headers[i + 1]);
    }
    if (!hasHeader(headers, "content-type")) {
      r.setHeader("Content-Type", body.startsWith("<") ? "text/html" : "application/json");
    }
    synchronized (script) {
      script.add(r);
    }
    return this;
  }

  /** Any answer MockWebServer can give: a socket policy, a throttled body, a cut connection. */
  public ScriptedLlmServer enqueue(MockResponse response) {
    synchronized (script) {
      script.add(response);
    }
    return this;
  }

  /** A server-sent-event stream, written in chunks {@code periodMillis} apart. */
  public ScriptedLlmServer enqueueStream(String events, int chunkBytes, long periodMillis) {
    MockResponse r =
        new MockResponse()
            .setResponseCode(200)
            .setHeader("Content-Type", "text/event-stream")
            .setChunkedBody(new Buffer().writeUtf8(events), chunkBytes)
            .throttleBody(chunkBytes, periodMillis, TimeUnit.MILLISECONDS);
    synchronized (script) {
      script.add(r);
    }
    return this;
  }

  /** The answer to every request once the script is spent. */
  public void always(int status, String body) {
    fallback =
        new MockResponse()
            .setResponseCode(status)
            .setBody(body)
            .setHeader("Content-Type", "application/json");
  }

  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  public void reset() {
    synchronized (script) {
      script.clear();
    }
    received.clear();
    fallback = null;
    responder = null;
    serverDelayMillis = 0;
    maxInFlight.set(0);
  }

  private static boolean hasHeader(String[] headers, String name) {
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }
}
