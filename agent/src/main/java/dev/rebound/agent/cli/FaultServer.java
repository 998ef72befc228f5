package dev.rebound.agent.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's LLM API on loopback, speaking OpenRouter's formats: {@code demo/main-model} fails in a
 * fixed pattern (gateway 429s with {@code retry-after}, upstream 429s "Provider returned error",
 * HTML 502s from a proxy, 503s), {@code demo/gone-model} no longer exists (404), {@code
 * demo/backup-model} always answers. Deterministic, so two runs see the same faults. Thread-safe.
 */
final class FaultServer implements AutoCloseable {
  static final String MAIN = "demo/main-model";
  static final String GONE = "demo/gone-model";
  static final String BACKUP = "demo/backup-model";

  /** One slot per request to the main model, repeating: 11 answers and 9 faults in 20. */
  private static final Fault[] PATTERN = {
    Fault.OK, Fault.UPSTREAM_429, Fault.OK, Fault.HTML_502, Fault.OK, Fault.GATEWAY_429, Fault.OK,
    Fault.SERVICE_503, Fault.OK, Fault.UPSTREAM_429, Fault.OK, Fault.OK, Fault.HTML_502, Fault.OK,
    Fault.UPSTREAM_429, Fault.OK, Fault.GATEWAY_429, Fault.SERVICE_503, Fault.OK, Fault.OK
  };

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final AtomicInteger slot = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  FaultServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/api/v1/chat/completions", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/chat/completions";
  }

  String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests received since the last reset; the pattern starts over too. */
  int requestsAndReset() {
    slot.set(0);
    return requests.getAndSet(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Object parsed = JsonTree.parse(body);
    Object model = parsed instanceof Map<?, ?> m ? m.get("model") : null;
    Fault fault;
    if (GONE.equals(model)) {
      fault = Fault.GONE_404;
    } else if (MAIN.equals(model)) {
      fault = PATTERN[Math.floorMod(slot.getAndIncrement(), PATTERN.length)];
    } else {
      fault = Fault.OK;
    }
    try {
      // A provider takes a moment to answer, and a little less to fail.
      Thread.sleep(fault == Fault.OK ? 40 : 10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String answer = fault.body(String.valueOf(model));
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", fault.contentType());
    fault.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.sendResponseHeaders(fault.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
