package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.ScriptedLlmServer;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §9 where most operators see it: a Spring Boot service with Actuator and the Prometheus
 * registry (built from src/it/spring-boot-app), run with the agent; after one managed call that
 * fell back, {@code /actuator/prometheus} shows Rebound's meters with their tags.
 */
class MetersSpringBootIT {
  ScriptedLlmServer server;
  Process app;
  Path dir;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedLlmServer();
    dir = Files.createTempDirectory("rebound-boot");
  }

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.destroy();
      if (!app.waitFor(20, TimeUnit.SECONDS)) {
        app.destroyForcibly();
      }
    }
    server.close();
  }

  @Test
  void actuatorPrometheusShowsReboundCallsTotalWithItsTags() throws Exception {
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.enqueue(200, Bodies.COMPLETION);
    int port = freePort();
    Path log = dir.resolve("app.log");
    app =
        new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + ForkedJvm.agentJar(),
                "-Drebound.hosts=" + server.hostAndPort(),
                "-Drebound.breaker.failure-threshold=1",
                "-Drebound.fallback.models=anthropic/claude-sonnet-4.5",
                "-Drebound.metrics.file=" + dir.resolve("metrics.jsonl"),
                "-Drebound.log=debug",
                "-Dllm.url=" + server.url("/api/v1/chat/completions"),
                "-cp",
                classPath(),
                "dev.rebound.it.boot.ChatApp",
                "--server.port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    String base = "http://127.0.0.1:" + port;
    awaitUp(base, log);

    HttpResponse<String> chat =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/chat"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Bodies.chatRequest("openai/gpt-4o")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(chat.body()).startsWith("200 ");
    assertThat(server.received()).hasSize(2);

    String host = "server_address=\"" + server.hostAndPort() + "\"";
    String calls =
        "rebound_calls_total{gen_ai_request_model=\"openai/gpt-4o\",rebound_client=\"jdk\","
            + "rebound_outcome=\"fallback_success\","
            + host
            + "} 1.0";
    String lastAttempt =
        "rebound_attempts_total{gen_ai_request_model=\"anthropic/claude-sonnet-4.5\",rebound_classification=\"SUCCESS\","
            + host
            + "} 1.0";
    // A call's meters are recorded on Rebound's meters thread, its attempts after the call's own:
    // a scrape in between has the call and not yet its attempts.
    String scrape = scrapeUntil(base, lastAttempt);
    Files.writeString(dir.resolve("prometheus.txt"), scrape);
    System.out.println("/actuator/prometheus (" + dir.resolve("prometheus.txt") + ")");
    assertThat(scrape)
        .contains(calls)
        .contains("# TYPE rebound_calls_total counter")
        .contains(lastAttempt)
        .contains(
            "rebound_call_duration_seconds_count{gen_ai_request_model=\"openai/gpt-4o\",rebound_outcome=\"fallback_success\"} 1")
        .contains(
            "rebound_breaker_transitions_total{gen_ai_request_model=\"openai/gpt-4o\",rebound_breaker_state=\"open\","
                + host
                + "} 1.0");
    assertThat(Files.readString(log)).contains("rebound: meters recorded through Micrometer");
  }

  private void awaitUp(String base, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertThat(app.isAlive()).as("the application stopped:%n%s", Files.readString(log)).isTrue();
      try {
        HttpResponse<String> health =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // The server is not listening yet.
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the application did not start:\n" + Files.readString(log));
  }

  /** Rebound records on a thread of its own: the scrape is read until the line is there. */
  private String scrapeUntil(String base, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String scrape = "";
    while (System.nanoTime() < deadline && !scrape.contains(line)) {
      scrape =
          http.send(
                  HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                  HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
              .body();
      Thread.sleep(50);
    }
    return scrape;
  }

  static String classPath() throws IOException {
    Path app = Paths.get(System.getProperty("rebound.spring-boot-app.dir"));
    List<String> cp = new ArrayList<>();
    cp.add(app.resolve("target/classes").toString());
    cp.add(Files.readString(app.resolve("target/classpath.txt")).strip());
    return String.join(File.pathSeparator, cp);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
