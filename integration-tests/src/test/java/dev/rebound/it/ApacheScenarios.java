package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rebound.it.support.Awaits;
import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.OneAnswerServer;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import dev.rebound.it.support.ScriptedLlmServer.Received;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * SPEC §2 and §4 as an Apache HttpClient application sees it: a real client in a forked JVM with the
 * built agent, against a scripted server on loopback. The same scenarios as {@link OkHttpScenarios},
 * plus what is Apache's own: the client's status retry, every {@code execute} overload, and the
 * connection pool. Subclasses pick the client family; differences are flags, not branches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApacheScenarios {
  static final String MODEL = "openai/gpt-4o";
  static final String FALLBACK = "anthropic/claude-sonnet-4.5";
  static final String PATH = "/api/v1/chat/completions";
  static final java.util.regex.Pattern UNMANAGED =
      java.util.regex.Pattern.compile("\"unmanaged_body\":[1-9]");
  static final String DOWN = "{\"error\":{\"code\":503,\"message\":\"down\"}}";

  ScriptedLlmServer server;
  /** For the thousand calls of the pool test: the model is always gone. */
  OneAnswerServer modelGone;
  ProbeProcess probe;
  Path metrics;

  /** The probe application's main class. */
  abstract String probeClass();

  /** The folder under target/clients holding the client version to test. */
  abstract String clientFolder();

  /** {@code sync} or {@code async}: the suffix of the probe's call modes. */
  abstract String mode();

  /** The client name in {@code rebound.clients} and the metrics records. */
  abstract String clientName();

  @BeforeAll
  void start() throws IOException {
    server = new ScriptedLlmServer();
    modelGone = new OneAnswerServer(404, Bodies.read("openrouter/404-no-endpoints-tool-use.json"));
    metrics = Files.createTempDirectory("rebound-it").resolve("metrics.jsonl");
    probe =
        ProbeProcess.start(
            probeClass(),
            ProbeProcess.clientClassPath(clientFolder()),
            Map.of(
                "rebound.hosts", server.hostAndPort() + "," + modelGone.hostAndPort(),
                "rebound.retry.base-delay", "20ms",
                "rebound.breaker.failure-threshold", "100000",
                "rebound.retry.budget.min-per-second", "100000",
                "rebound.metrics.interval", "1s",
                "rebound.metrics.file", metrics.toString()),
            ProbeProcess.currentJava());
  }

  @AfterAll
  void stop() throws IOException {
    probe.close();
    server.close();
    modelGone.close();
  }

  @BeforeEach
  void resetServer() {
    server.reset();
  }

  ProbeProcess.Result post(String body, String... headers) throws IOException {
    return probe.call(mode(), server.url(PATH), body, headers);
  }

  ProbeProcess.Result stream(String body, String... headers) throws IOException {
    return probe.call("stream-" + mode(), server.url(PATH), body, headers);
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
  void theClientsOwnStatusRetryIsOffForManagedCalls() throws IOException {
    // Without Rebound switching it off, the client would send each 503 twice: 6 requests, not 3.
    server.always(503, DOWN);

    ProbeProcess.Result r = post(Bodies.chatRequest(MODEL));

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("3");
    assertThat(server.received()).hasSize(3);
  }

  @Test
  void callsReboundDoesNotManageKeepTheClientsOwnStatusRetry() throws IOException {
    server.enqueue(503, DOWN, "Retry-After", "0");
    server.enqueue(200, Bodies.COMPLETION);

    String otherHost = server.url(PATH).replace("127.0.0.1", "localhost");
    ProbeProcess.Result r = probe.call(mode(), otherHost, Bodies.chatRequest(MODEL));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-rebound-attempts")).isNull();
    assertThat(server.received()).hasSize(2);
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

    ProbeProcess.Result r = stream(Bodies.streamRequest(MODEL));

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

    ProbeProcess.Result r = stream(Bodies.streamRequest(MODEL), "x-rebound-fallback: " + FALLBACK);

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
    String model = "late/error-" + clientName();

    ProbeProcess.Result r = stream(Bodies.streamRequest(model));

    assertThat(String.join("\n", r.chunks()) + "\n").isEqualTo(events);
    assertThat(server.received()).hasSize(1);
    Awaits.until(
        () -> read(metrics).lines().anyMatch(l -> l.startsWith("{\"type\":\"call\"") && l.contains(model)),
        Duration.ofSeconds(10),
        "the call record");
    String record = read(metrics).lines().filter(l -> l.startsWith("{\"type\":\"call\"") && l.contains(model)).findFirst().orElseThrow();
    assertThat(record)
        .contains("\"outcome\":\"success\"")
        .contains("\"stream_error\":{\"class\":\"PROVIDER_UNAVAILABLE\"");
  }

  @Test
  void leavesOtherHostsAndGetsUntouched() throws IOException {
    // 500: a status no client retries on its own, so what arrives is what the application sent.
    server.enqueue(500, "{\"error\":\"down\"}");
    server.enqueue(500, "{\"error\":\"down\"}");

    String otherHost = server.url(PATH).replace("127.0.0.1", "localhost");
    ProbeProcess.Result other = probe.call(mode(), otherHost, Bodies.chatRequest(MODEL), "x-rebound-retry: off");
    ProbeProcess.Result get = probe.call("get-" + mode(), server.url("/api/v1/models"), "");

    assertThat(other.status()).isEqualTo(500);
    assertThat(other.header("x-rebound-attempts")).isNull();
    assertThat(get.status()).isEqualTo(500);
    assertThat(get.header("x-rebound-attempts")).isNull();
    List<Received> got = server.received();
    assertThat(got).hasSize(2);
    assertThat(got.get(0).headers().get("x-rebound-retry")).isEqualTo("off");
    assertThat(got.get(1).method()).isEqualTo("GET");
  }

  @Test
  void reboundHeadersNeverReachTheServer() throws IOException {
    server.enqueue(503, DOWN);
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r =
        post(Bodies.chatRequest(MODEL), "x-rebound-fallback: " + FALLBACK, "X-Rebound-Custom: 1");

    assertThat(r.status()).isEqualTo(200);
    for (Received got : server.received()) {
      assertThat(got.headers().names()).noneMatch(n -> n.toLowerCase().startsWith("x-rebound-"));
    }
  }

  @Test
  void aOneShotBodyOfUnknownLengthGoesOnceUntouchedAndIsCounted() throws IOException {
    server.enqueue(503, DOWN);
    server.enqueue(503, DOWN);

    ProbeProcess.Result r = probe.call("oneshot", server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("x-rebound-attempts")).isNull();
    assertThat(server.received()).hasSize(1);
    assertThat(server.received().get(0).body()).isEqualTo(Bodies.chatRequest(MODEL));
    Awaits.until(() -> UNMANAGED.matcher(read(metrics)).find(), Duration.ofSeconds(10),
        "a summary counting the unmanaged body");
  }

  @Test
  void aOneShotBodyOfKnownLengthIsReadOnceAndSentEveryAttempt() throws IOException {
    server.enqueue(503, DOWN);
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = probe.call("oneshot-known", server.url(PATH), Bodies.chatRequest(MODEL));

    if (buffersOneShotBodies()) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
      assertThat(server.received()).hasSize(2);
    } else {
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.header("x-rebound-attempts")).isNull();
      assertThat(server.received()).hasSize(1);
    }
    assertThat(server.received()).extracting(Received::body).containsOnly(Bodies.chatRequest(MODEL));
  }

  /** SPEC §2: a one-shot body of known length is read once into memory (not every client can). */
  boolean buffersOneShotBodies() {
    return true;
  }

  @Test
  void cancellingTheCallCancelsItsPendingRetry() throws IOException {
    server.enqueue(429, Bodies.read("openrouter/429-rate-limit-exceeded-typed.json"), "Retry-After", "5");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = probe.call("cancel-" + mode(), server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.error()).matches(".* after \\d+ms");
    long ms = Long.parseLong(r.error().replaceAll(".* after (\\d+)ms", "$1"));
    assertThat(ms).isLessThan(1000);
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void everyExecuteOverloadIsManaged() throws IOException {
    int overloads = overloadCount();
    for (int i = 0; i < overloads; i++) {
      server.enqueue(503, DOWN);
      server.enqueue(200, Bodies.COMPLETION);
    }

    ProbeProcess.Result r = probe.call("overloads", server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.error()).isNull();
    assertThat(r.body().split(" ")).hasSize(overloads).containsOnly("200/2");
    assertThat(server.received()).hasSize(2 * overloads);
  }

  /** How many {@code execute} overloads the probe's {@code overloads} mode calls. */
  abstract int overloadCount();

  @Test
  void aThousandFailingCallsThroughAPoolOfTwoLeakNoConnection() throws IOException {
    ProbeProcess.Result r =
        probe.call("pool", modelGone.url(PATH), Bodies.chatRequest(MODEL), "x-rebound-fallback: " + FALLBACK);

    assertThat(r.error()).isNull();
    // Each call: the model is gone, so the fallback at once, also gone: two requests, one discarded.
    assertThat(r.body()).isEqualTo("leased=0 errors=0 attempts=2000");
    assertThat(modelGone.requests()).isEqualTo(2000);
    // Discarded error bodies were read to their end: their connections went back for reuse.
    assertThat(modelGone.connections()).isLessThanOrEqualTo(2);
  }

  @Test
  void metricsLinesParseAndHoldNoKeyOrPrompt() throws IOException {
    server.enqueue(503, DOWN);
    server.enqueue(200, Bodies.COMPLETION);
    String prompt = "PLANTED-PROMPT-" + clientName();
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
    assertThat(call.get("client").asText()).isEqualTo(clientName());
    assertThat(call.get("host").asText()).isEqualTo(server.hostAndPort());
    assertThat(call.get("path").asText()).isEqualTo(PATH);
    assertThat(call.get("attempts")).hasSize(2);
    assertThat(call.get("attempts").get(0).get("class").asText()).isEqualTo("PROVIDER_UNAVAILABLE");
  }

  private static JsonNode readTree(ObjectMapper json, String line) {
    try {
      return json.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
