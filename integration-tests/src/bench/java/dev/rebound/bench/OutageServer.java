package dev.rebound.bench;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenRouter-like endpoint for part 4, whose faults follow the clock, not the call. Phase {@code
 * window-}: the account's limit, every request answered with a host-wide gateway 429 for {@code
 * windowMillis} (its {@code retry-after} and {@code X-RateLimit-Reset} say when the window ends),
 * twice, 1 s and 5 s after the phase's first request. Phase {@code down-}: both models down (503s
 * and HTML 502s, alternately) from 1 s after the phase's first request for {@code outageMillis}.
 * Otherwise every model answers at once. Times are wall-clock milliseconds, which the application's
 * JVM on the same machine shares, so that a call's start can be set against them.
 */
final class OutageServer implements AutoCloseable {
  /** One request: when it arrived and when its answer was written (wall clock), and the answer. */
  record Hit(long millis, long answeredMillis, String callId, String model, int status) {}

  /** A span of wall-clock time, start included. */
  record Span(long start, long end) {
    boolean contains(long millis) {
      return millis >= start && millis < end;
    }
  }

  static final long LEAD_MILLIS = 1000;

  /** The second window starts this long after the phase's first request. */
  static final long SECOND_WINDOW_MILLIS = 5000;

  private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");
  private static final String GATEWAY_429 =
      "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\",\"metadata\":{\"error_type\":\"rate_limit_exceeded\"}}}";
  private static final String UNAVAILABLE_503 =
      "{\"error\":{\"code\":503,\"message\":\"Service temporarily unavailable\"}}";
  private static final String HTML_502 =
      "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";

  private final RecordingServer<Hit> server;
  private final long windowMillis;
  private final long outageMillis;
  private final AtomicInteger downAnswers = new AtomicInteger();
  private volatile long windowPhaseStart;
  private volatile long downPhaseStart;

  OutageServer(long windowMillis, long outageMillis) throws IOException {
    this.windowMillis = windowMillis;
    this.outageMillis = outageMillis;
    server = new RecordingServer<>("outage-server", 256, this::handle);
  }

  private void handle(HttpExchange exchange) throws IOException {
    long now = System.currentTimeMillis();
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String callId = String.valueOf(exchange.getRequestHeaders().getFirst("x-bench-call"));
    Matcher m = MODEL.matcher(body);
    String model = m.find() ? m.group(1) : "";
    int status = 200;
    String answer = new String(LoopbackServer.COMPLETION, StandardCharsets.UTF_8);
    String type = "application/json";
    if (callId.startsWith("window-")) {
      Span window = windowAt(start(true, now), now);
      if (window != null) {
        status = 429;
        answer = GATEWAY_429;
        long left = window.end() - now;
        exchange.getResponseHeaders().set("Retry-After", Long.toString((left + 999) / 1000));
        exchange.getResponseHeaders().set("X-RateLimit-Limit", "200");
        exchange.getResponseHeaders().set("X-RateLimit-Remaining", "0");
        exchange.getResponseHeaders().set("X-RateLimit-Reset", Long.toString(window.end()));
      }
    } else if (callId.startsWith("down-") && outage(start(false, now)).contains(now)) {
      if (downAnswers.getAndIncrement() % 2 == 0) {
        status = 503;
        answer = UNAVAILABLE_503;
      } else {
        status = 502;
        answer = HTML_502;
        type = "text/html";
      }
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
    server.record(new Hit(now, System.currentTimeMillis(), callId, model, status));
  }

  /** The phase's start: its first request. */
  private synchronized long start(boolean windowPhase, long now) {
    if (windowPhase) {
      if (windowPhaseStart == 0) {
        windowPhaseStart = now;
      }
      return windowPhaseStart;
    }
    if (downPhaseStart == 0) {
      downPhaseStart = now;
    }
    return downPhaseStart;
  }

  private Span windowAt(long phaseStart, long now) {
    for (Span w : windows(phaseStart)) {
      if (w.contains(now)) {
        return w;
      }
    }
    return null;
  }

  List<Span> windows() {
    return windowPhaseStart == 0 ? List.of() : windows(windowPhaseStart);
  }

  private List<Span> windows(long phaseStart) {
    return List.of(
        new Span(phaseStart + LEAD_MILLIS, phaseStart + LEAD_MILLIS + windowMillis),
        new Span(
            phaseStart + SECOND_WINDOW_MILLIS, phaseStart + SECOND_WINDOW_MILLIS + windowMillis));
  }

  Span outage() {
    return downPhaseStart == 0 ? new Span(0, 0) : outage(downPhaseStart);
  }

  private Span outage(long phaseStart) {
    return new Span(phaseStart + LEAD_MILLIS, phaseStart + LEAD_MILLIS + outageMillis);
  }

  String baseUrl() {
    return server.baseUrl();
  }

  String hostAndPort() {
    return server.hostAndPort();
  }

  List<Hit> hits() {
    return server.hits();
  }

  @Override
  public void close() {
    server.close();
  }
}
