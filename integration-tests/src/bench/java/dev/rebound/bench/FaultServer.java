package dev.rebound.bench;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenRouter-like chat-completions endpoint with seeded faults, for part 3. The primary model
 * fails a fixed share of attempts (a gateway 429 with {@code retry-after}, an upstream 429 naming
 * its provider, a 502 naming its provider, a bare 503, a quarter each), and every attempt of a call
 * whose id starts with {@code outage-}; every other model always answers. Whether the n-th attempt
 * of a call fails depends only on the seed, the call's id ({@code x-bench-call}) and n, so every
 * client meets the same faults. Every request is recorded with its arrival time.
 */
final class FaultServer implements AutoCloseable {
  /** One request as it arrived, and until when its answer asked the client to wait (0: no hint). */
  record Hit(long nanos, String callId, String model, int status, long notBeforeNanos) {}

  private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");
  private static final String GATEWAY_429 =
      "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\",\"metadata\":{\"error_type\":\"rate_limit_exceeded\"}}}";
  private static final String UPSTREAM_429 =
      "{\"error\":{\"message\":\"Provider returned error\",\"code\":429,\"metadata\":{\"raw\":"
          + "\"openai/gpt-4o is temporarily rate-limited upstream. Please retry shortly.\","
          + "\"provider_name\":\"OpenAI\"}}}";
  private static final String PROVIDER_502 =
      "{\"error\":{\"code\":502,\"message\":\"Provider returned error\",\"metadata\":{\"provider_name\":\"Azure\","
          + "\"error_type\":\"provider_unavailable\"}}}";
  private static final String UNAVAILABLE_503 =
      "{\"error\":{\"code\":503,\"message\":\"Service temporarily unavailable\"}}";

  private final RecordingServer<Hit> server;
  private final String primary;
  private final long seed;
  private final double faultRate;
  private final int retryAfterSeconds;
  private final ConcurrentHashMap<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  FaultServer(String primary, long seed, double faultRate, int retryAfterSeconds)
      throws IOException {
    this.primary = primary;
    this.seed = seed;
    this.faultRate = faultRate;
    this.retryAfterSeconds = retryAfterSeconds;
    server = new RecordingServer<>("fault-server", 64, this::handle);
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrived = System.nanoTime();
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String callId = String.valueOf(exchange.getRequestHeaders().getFirst("x-bench-call"));
    Matcher m = MODEL.matcher(body);
    String model = m.find() ? m.group(1) : "";
    int fault = model.equals(primary) ? fault(callId) : -1;
    long notBefore = 0;
    int status;
    String answer;
    switch (fault) {
      case 0 -> {
        status = 429;
        answer = GATEWAY_429;
        notBefore = arrived + retryAfterSeconds * 1_000_000_000L;
        exchange.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
        exchange.getResponseHeaders().set("X-RateLimit-Limit", "20");
        exchange.getResponseHeaders().set("X-RateLimit-Remaining", "0");
        exchange
            .getResponseHeaders()
            .set(
                "X-RateLimit-Reset",
                Long.toString(System.currentTimeMillis() + retryAfterSeconds * 1000L));
      }
      case 1 -> {
        status = 429;
        answer = UPSTREAM_429;
      }
      case 2 -> {
        status = 502;
        answer = PROVIDER_502;
      }
      case 3 -> {
        status = 503;
        answer = UNAVAILABLE_503;
      }
      default -> {
        status = 200;
        answer = new String(LoopbackServer.COMPLETION, StandardCharsets.UTF_8);
      }
    }
    server.record(new Hit(arrived, callId, model, status, notBefore));
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The fault for the next attempt of this call on the primary model: 0 to 3, or -1 for none. */
  private int fault(String callId) {
    int n = attempts.computeIfAbsent(callId, k -> new AtomicInteger()).getAndIncrement();
    if (callId.startsWith("outage-")) {
      return n % 2 == 0 ? 3 : 2; // the primary is down: 503s and 502s, nothing else
    }
    double u =
        new SplittableRandom(seed * 1_000_003L + callId.hashCode() * 7_919L + n).nextDouble();
    return u < faultRate ? (int) (u / faultRate * 4) : -1;
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
