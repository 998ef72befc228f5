package dev.rebound.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A chat-completions endpoint on loopback that answers every POST at once with the same ~1 KB
 * completion. As cheap as a server can be, so that the client side's cost is what the overhead
 * numbers show. It listens on two ports of {@code 127.0.0.1}, so that the steady-state part can
 * call it by the same host on a port Rebound manages ({@link #url()}) and on one it does not
 * ({@link #plainUrl()}): by another host name the client's own work differs (OkHttp allocates about
 * 1 KB more per call for {@code 127.0.0.1} than for {@code localhost}, its URL parsing converting
 * each label of the host). Runs in the harness's JVM, never in the measured one.
 */
final class LoopbackServer implements AutoCloseable {
  static final byte[] COMPLETION = completion();

  private final HttpServer server;
  private final HttpServer plain;
  private final ExecutorService pool =
      Executors.newFixedThreadPool(
          8,
          r -> {
            Thread t = new Thread(r, "loopback-server");
            t.setDaemon(true);
            return t;
          });

  LoopbackServer() throws IOException {
    server = start();
    plain = start();
  }

  private HttpServer start() throws IOException {
    HttpServer s =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    s.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
          }
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, COMPLETION.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(COMPLETION);
          }
        });
    s.setExecutor(pool);
    s.start();
    return s;
  }

  /**
   * Calls the server from this JVM until its own code is compiled, so that the first measured JVM
   * does not meet a colder server than the later ones.
   */
  void warmUp(int millis) throws Exception {
    try (JdkProbeClient client = new JdkProbeClient(url())) {
      long end = System.nanoTime() + millis * 1_000_000L;
      while (System.nanoTime() < end) {
        client.post(OverheadProbe.REQUEST);
      }
    }
  }

  /** The endpoint on the port {@link #hostAndPort()} names. */
  String url() {
    return url(server);
  }

  /** The same endpoint on the other port, which {@link #hostAndPort()} does not name. */
  String plainUrl() {
    return url(plain);
  }

  String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private static String url(HttpServer s) {
    return "http://127.0.0.1:" + s.getAddress().getPort() + "/v1/chat/completions";
  }

  /** An OpenAI-shaped completion padded to about 1 KB, like a short real answer with usage. */
  private static byte[] completion() {
    String text = "Hi! ".repeat(180).trim();
    String json =
        "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1764000000,"
            + "\"model\":\"openai/gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\""
            + text
            + "\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":180,\"total_tokens\":199}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
    plain.stop(0);
    pool.shutdownNow();
  }
}
