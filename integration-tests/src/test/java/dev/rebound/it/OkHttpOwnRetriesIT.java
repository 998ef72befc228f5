package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.Awaits;
import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every request OkHttp sends by itself is an attempt (SPEC §2, issue #13): a plain OkHttp 4 client
 * (retryOnConnectionFailure on, as by default) repeats a 408 and a 503 that says {@code
 * Retry-After: 0} inside one {@code proceed}. Rebound switches the first off for its attempts and
 * sees through the second, so that the attempts it counts and records are the requests the server
 * got.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OkHttpOwnRetriesIT {
  private static final String MODEL = "openai/gpt-4o";
  private static final String PATH = "/api/v1/chat/completions";

  private ScriptedLlmServer server;
  private ProbeProcess probe;
  private Path metrics;

  @BeforeAll
  void start() throws IOException {
    server = new ScriptedLlmServer();
    metrics = Files.createTempDirectory("rebound-it").resolve("metrics.jsonl");
    probe =
        ProbeProcess.start(
            "dev.rebound.it.probes.OkHttpProbe",
            ProbeProcess.clientClassPath("okhttp-4.12.0"),
            Map.of(
                "rebound.hosts", server.hostAndPort(),
                "rebound.retry.base-delay", "20ms",
                "rebound.metrics.file", metrics.toString()),
            ProbeProcess.currentJava());
  }

  @AfterAll
  void stop() throws IOException {
    probe.close();
    server.close();
  }

  @BeforeEach
  void resetServer() {
    server.reset();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sync", "async"})
  void aTimeoutAnswerIsRebouncsAttemptNotOkHttpsOwnRepeat(String mode) throws IOException {
    server.enqueue(408, Bodies.read("openrouter/408-timed-out.json"));
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r =
        probe.call(mode, server.url(PATH), Bodies.chatRequest(MODEL + "-408-" + mode));

    assertThat(r.status()).isEqualTo(200);
    assertThat(server.received()).hasSize(2);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
    assertThat(callRecord(MODEL + "-408-" + mode))
        .contains("\"outcome\":\"retry_success\"")
        .contains("\"status\":408,\"class\":\"TIMEOUT\"");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sync", "async"})
  void aRepeatOkHttpMadeByItselfIsCountedAndRecorded(String mode) throws IOException {
    server.enqueue(503, Bodies.read("proxy/502-nginx.html"), "Retry-After", "0");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r =
        probe.call(mode, server.url(PATH), Bodies.chatRequest(MODEL + "-503-" + mode));

    assertThat(r.status()).isEqualTo(200);
    assertThat(server.received()).hasSize(2);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
    assertThat(callRecord(MODEL + "-503-" + mode))
        .contains("\"outcome\":\"retry_success\"")
        .contains("\"status\":503,\"class\":\"PROVIDER_UNAVAILABLE\"");
  }

  private String callRecord(String model) {
    Awaits.until(
        () -> callLine(model) != null, Duration.ofSeconds(10), "the call record of " + model);
    return callLine(model);
  }

  private String callLine(String model) {
    try {
      return Files.readAllLines(metrics, StandardCharsets.UTF_8).stream()
          .filter(
              l ->
                  l.startsWith("{\"type\":\"call\"")
                      && l.contains("\"model_requested\":\"" + model + "\""))
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }
}
