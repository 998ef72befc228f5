package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rebound.it.support.Awaits;
import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import dev.rebound.it.support.ScriptedLlmServer.Received;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SPEC §4 as an OkHttp application sees it: a real OkHttp in a forked JVM with the built agent,
 * against a scripted server on loopback. Subclasses pick the OkHttp version and sync or async calls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OkHttpScenarios {
  static final String MODEL = "openai/gpt-4o";
  static final String FALLBACK = "anthropic/claude-sonnet-4.5";
  static final String PATH = "/api/v1/chat/completions";

  ScriptedLlmServer server;
  ProbeProcess probe;
  Path metrics;

  /** The folder under target/clients holding the OkHttp version to test. */
  abstract String clientFolder();

  /** {@code sync} for {@code Call.execute()}, {@code async} for {@code Call.enqueue()}. */
  abstract String mode();

  @BeforeAll
  void start() throws IOException {
    server = new ScriptedLlmServer();
    metrics = Files.createTempDirectory("rebound-it").resolve("metrics.jsonl");
    probe =
        ProbeProcess.start(
            "dev.rebound.it.probes.OkHttpProbe",
            ProbeProcess.clientClassPath(clientFolder()),
            Map.of(
                "rebound.hosts", server.hostAndPort(),
                "rebound.retry.base-delay", "20ms",
                "rebound.breaker.failure-threshold", "1000",
                "rebound.retry.budget.min-per-second", "1000",
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

  ProbeProcess.Result post(String body, String... headers) throws IOException {
    return probe.call(mode(), server.url(PATH), body, headers);
  }

  static long gapMillis(List<Received> r, int from, int to) {
    return (r.get(to).nanos() - r.get(from).nanos()) / 1_000_000;
  }

  @Test
  void waitsForRetryAfterOnAGatewayRateLimitThenSucceeds() throws IOException {
    server.enqueue(429, Bodies.read("openrouter/429-rate-limit-exceeded-typed.json"), "Retry-After", "1");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = post(Bodies.chatRequest(MODEL));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Bodies.COMPLETION);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
    assertThat(server.received()).hasSize(2);
    assertThat(gapMillis(server.received(), 0, 1)).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void avoidsTheFailingProviderThenBacksOffThenFallsBack() throws IOException {
    for (int i = 0; i < 4; i++) {
      server.enqueue(429, Bodies.UPSTREAM_429);
    }
    server.enqueue(200, Bodies.COMPLETION);
    String request = Bodies.chatRequest(MODEL);

    ProbeProcess.Result r = post(request, "x-rebound-fallback: " + FALLBACK);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-rebound-model")).isEqualTo(FALLBACK);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("5");
    List<Received> got = server.received();
    assertThat(got).hasSize(5);
    assertThat(got.get(0).body()).isEqualTo(request);
    String avoiding = request.replace("\"provider\":{", "\"provider\":{\"ignore\":[\"OpenAI\"],");
    assertThat(got.get(1).body()).isEqualTo(avoiding);
    assertThat(got.get(3).body()).isEqualTo(avoiding);
    assertThat(got.get(4).body()).isEqualTo(request.replace(MODEL, FALLBACK));
  }

  @Test
  void retriesAnHtml502FromAProxy() throws IOException {
    server.enqueue(502, Bodies.read("proxy/502-nginx.html"));
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = post(Bodies.chatRequest(MODEL));

    assertThat(r.status()).isEqualTo(200);
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void retriesAn529Overload() throws IOException {
    server.enqueue(529, Bodies.read("openrouter/529-provider-overloaded.json"));
    server.enqueue(529, Bodies.read("openrouter/529-provider-overloaded.json"));
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = post(Bodies.chatRequest(MODEL));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("3");
  }

  @Test
  void fallsBackAtOnceWhenTheModelIsGone() throws IOException {
    server.enqueue(404, Bodies.read("openrouter/404-no-endpoints-tool-use.json"), "Retry-After", "5");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = post(Bodies.chatRequest(MODEL), "x-rebound-fallback: " + FALLBACK);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-rebound-model")).isEqualTo(FALLBACK);
    assertThat(gapMillis(server.received(), 0, 1)).isLessThan(1000);
  }

  @Test
  void handsFinalFailuresToTheApplicationAfterOneRequestByteForByte() throws IOException {
    for (String[] c :
        new String[][] {
          {"401", "openrouter/401-no-auth-credentials.json"},
          {"402", "openrouter/402-insufficient-credits.json"},
          {"429", "openai/429-insufficient-quota.json"}
        }) {
      server.reset();
      String body = Bodies.read(c[1]);
      server.enqueue(Integer.parseInt(c[0]), body);

      ProbeProcess.Result r = post(Bodies.chatRequest(MODEL), "x-rebound-fallback: " + FALLBACK);

      assertThat(server.received()).as(c[1]).hasSize(1);
      assertThat(r.status()).isEqualTo(Integer.parseInt(c[0]));
      assertThat(r.body()).isEqualTo(body);
      assertThat(r.header("x-should-retry")).isEqualTo("false");
      assertThat(r.header("x-rebound-classification")).isNotNull();
    }
  }

  @Test
  void retriesAnErrorHiddenInA200() throws IOException {
    server.enqueue(200, Bodies.read("openrouter/200-finish-reason-error.json"));
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = post(Bodies.chatRequest(MODEL));

    assertThat(r.body()).isEqualTo(Bodies.COMPLETION);
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void streamChunksReachTheApplicationAsTheyArrive() throws IOException {
    StringBuilder events = new StringBuilder(": OPENROUTER PROCESSING\n\n");
    for (int i = 0; i < 5; i++) {
      events.append("data: {\"choices\":[{\"delta\":{\"content\":\"").append(i).append("\"}}]}\n\n");
    }
    events.append("data: [DONE]\n\n");
    server.enqueueStream(events.toString(), 40, 150);

    ProbeProcess.Result r = probe.call("stream-" + mode(), server.url(PATH), Bodies.streamRequest(MODEL));

    assertThat(r.status()).isEqualTo(200);
    assertThat(String.join("\n", r.chunks()) + "\n").isEqualTo(events.toString());
    List<Long> times = r.chunkMillis();
    // Spread over the server's pace, not delivered at once at the end.
    assertThat(times.get(times.size() - 1) - times.get(2)).isGreaterThan(400);
  }

  @Test
  void aStreamErrorBeforeContentFallsBack() throws IOException {
    String error = Bodies.read("openrouter/stream-error-chunk-server.json").replace("\n", "");
    server.enqueueStream(": OPENROUTER PROCESSING\n\ndata: " + error + "\n\n", 4096, 1);
    String ok = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n";
    server.enqueueStream(ok, 4096, 1);

    ProbeProcess.Result r =
        probe.call("stream-" + mode(), server.url(PATH), Bodies.streamRequest(MODEL),
            "x-rebound-fallback: " + FALLBACK);

    assertThat(r.status()).isEqualTo(200);
    assertThat(String.join("\n", r.chunks()) + "\n").isEqualTo(ok);
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void anErrorAfterContentIsOnlyRecordedOnTheCall() throws IOException {
    String error = Bodies.read("openrouter/stream-error-chunk-server.json").replace("\n", "");
    String events =
        "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: " + error + "\n\n";
    server.enqueueStream(events, 4096, 1);
    server.enqueue(200, Bodies.COMPLETION);
    String request = Bodies.streamRequest("late/error-model");

    ProbeProcess.Result r = probe.call("stream-" + mode(), server.url(PATH), request);

    assertThat(String.join("\n", r.chunks()) + "\n").isEqualTo(events);
    assertThat(server.received()).hasSize(1);
    Awaits.until(
        () -> read(metrics).lines().anyMatch(l -> l.startsWith("{\"type\":\"call\"") && l.contains("late/error-model")),
        Duration.ofSeconds(10),
        "the call record");
    String record = read(metrics).lines().filter(l -> l.startsWith("{\"type\":\"call\"") && l.contains("late/error-model")).findFirst().orElseThrow();
    assertThat(record).contains("\"outcome\":\"success\"").contains("\"stream_error\":{\"class\":\"PROVIDER_UNAVAILABLE\"");
  }

  @Test
  void leavesOtherHostsAndGetsUntouched() throws IOException {
    server.enqueue(503, "{\"error\":\"down\"}");
    server.enqueue(503, "{\"error\":\"down\"}");

    String otherHost = server.url(PATH).replace("127.0.0.1", "localhost");
    ProbeProcess.Result other = probe.call(mode(), otherHost, Bodies.chatRequest(MODEL), "x-rebound-retry: off");
    ProbeProcess.Result get = probe.call(mode().equals("async") ? "get-async" : "get", server.url("/api/v1/models"), "");

    assertThat(other.status()).isEqualTo(503);
    assertThat(other.header("x-rebound-attempts")).isNull();
    assertThat(get.status()).isEqualTo(503);
    assertThat(get.header("x-rebound-attempts")).isNull();
    List<Received> got = server.received();
    assertThat(got).hasSize(2);
    assertThat(got.get(0).headers().get("x-rebound-retry")).isEqualTo("off");
    assertThat(got.get(1).method()).isEqualTo("GET");
  }

  @Test
  void reboundHeadersNeverReachTheServer() throws IOException {
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r =
        post(Bodies.chatRequest(MODEL), "x-rebound-fallback: " + FALLBACK, "X-Rebound-Custom: 1");

    assertThat(r.status()).isEqualTo(200);
    for (Received got : server.received()) {
      assertThat(got.headers().names()).noneMatch(n -> n.toLowerCase().startsWith("x-rebound-"));
    }
  }

  @Test
  void aOneShotBodyOfUnknownLengthIsReadAheadAndSentOnEveryAttempt() throws IOException {
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.enqueue(200, Bodies.COMPLETION);
    String request = Bodies.chatRequest(MODEL);

    ProbeProcess.Result r = probe.call("oneshot", server.url(PATH), request);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
    assertThat(server.received()).extracting(Received::body).containsExactly(request, request);
  }

  @Test
  void cancellingAnEnqueuedCallCancelsItsPendingRetry() throws IOException {
    server.enqueue(429, Bodies.read("openrouter/429-rate-limit-exceeded-typed.json"), "Retry-After", "5");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = probe.call("cancel-async", server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.error()).startsWith("java.io.IOException after ");
    long ms = Long.parseLong(r.error().replaceAll(".* after (\\d+)ms", "$1"));
    assertThat(ms).isLessThan(2000);
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void metricsLinesParseAndHoldNoKeyOrPrompt() throws IOException {
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.enqueue(200, Bodies.COMPLETION);
    String prompt = "PLANTED-PROMPT-7f3a";
    // A model of its own, so that this call's record is told from the other tests' records.
    String model = "privacy/check-model";
    String request = Bodies.chatRequest(model).replace("Say hi", prompt);

    post(request, "Authorization: Bearer sk-or-v1-PLANTEDKEY", "x-api-key: PLANTEDKEY2");

    ObjectMapper json = new ObjectMapper();
    Awaits.until(
        () -> read(metrics).lines().anyMatch(l -> l.startsWith("{\"type\":\"call\"") && l.contains(model)),
        Duration.ofSeconds(10),
        "the call record");
    String log = read(metrics);
    assertThat(log).doesNotContain(prompt).doesNotContain("PLANTEDKEY");
    for (String line : log.split("\n")) {
      JsonNode node = json.readTree(line);
      assertThat(node.get("type").asText()).isIn("start", "call", "summary", "breaker");
    }
    JsonNode call =
        log.lines().map(l -> readTree(json, l)).filter(n -> n.get("type").asText().equals("call")
            && n.get("model_requested").asText().equals(model)).findFirst().orElseThrow();
    assertThat(call.get("client").asText()).isEqualTo("okhttp");
    assertThat(call.get("host").asText()).isEqualTo(server.hostAndPort());
    assertThat(call.get("path").asText()).isEqualTo(PATH);
    assertThat(call.get("attempts")).hasSize(2);
    assertThat(call.get("attempts").get(0).get("class").asText()).isEqualTo("PROVIDER_UNAVAILABLE");
  }

  private static JsonNode readTree(ObjectMapper json, String line) {
    try {
      return json.readTree(line);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
