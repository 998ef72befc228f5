package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rebound.it.support.Awaits;
import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.Jdks;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import dev.rebound.it.support.ScriptedLlmServer.Received;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SPEC §4 as a {@code java.net.http.HttpClient} application sees it: the JDK's own client in a forked
 * JVM with the built agent (and no other flag), against a scripted server on loopback. The same
 * scenarios as {@link OkHttpScenarios}, plus what is particular to the JDK client: every kind of
 * body handler, one-shot publishers, the push-promise overload, a dropped client, interrupts.
 * Subclasses pick the JDK release and {@code send} or {@code sendAsync}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdkHttpClientScenarios {
  static final String MODEL = "openai/gpt-4o";
  static final String FALLBACK = "anthropic/claude-sonnet-4.5";
  static final String PATH = "/api/v1/chat/completions";

  ScriptedLlmServer server;
  /** HTTPS, offering HTTP/2: the JDK client speaks HTTP/2 only over TLS with ALPN (or h2c upgrade). */
  ScriptedLlmServer h2;
  ProbeProcess probe;
  Path metrics;

  /** The JDK feature release to run the application on. */
  abstract int jdk();

  /** {@code sync} for {@code HttpClient.send}, {@code async} for {@code sendAsync}. */
  abstract String mode();

  /** Why this class's tests are skipped (no such JDK here), or null. */
  String skipReason;

  @BeforeAll
  void start() throws IOException {
    Optional<Path> home = Jdks.home(jdk());
    if (home.isEmpty()) {
      // Printed, and each test reported as skipped: a missing JDK is never a silent pass.
      skipReason = "no JDK " + jdk() + " here (checked -Drebound.jdk" + jdk()
          + ".home, the running JDK and /usr/lib/jvm): " + getClass().getSimpleName() + " skipped";
      System.out.println("SKIPPED: " + skipReason);
      return;
    }
    server = new ScriptedLlmServer();
    HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").build();
    h2 = new ScriptedLlmServer(
        new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory());
    Path dir = Files.createTempDirectory("rebound-it");
    metrics = dir.resolve("metrics.jsonl");
    Path trust = Files.writeString(dir.resolve("server.pem"), certificate.certificatePem());
    probe =
        ProbeProcess.start(
            "dev.rebound.it.probes.JdkHttpClientProbe",
            List.of(Paths.get("target/test-classes").toAbsolutePath()),
            Map.of(
                "rebound.hosts", server.hostAndPort() + "," + h2.hostAndPort(),
                "probe.trust", trust.toString(),
                "rebound.retry.base-delay", "20ms",
                "rebound.breaker.failure-threshold", "1000",
                "rebound.retry.budget.min-per-second", "1000",
                "rebound.metrics.file", metrics.toString()),
            ProbeProcess.javaOf(home.get()));
  }

  @AfterAll
  void stop() throws IOException {
    if (probe != null) {
      probe.close();
    }
    if (server != null) {
      server.close();
      h2.close();
    }
  }

  @BeforeEach
  void resetServer() {
    Assumptions.assumeTrue(skipReason == null, skipReason);
    server.reset();
    h2.reset();
  }

  ProbeProcess.Result post(String body, String... headers) throws IOException {
    return call("call", server.url(PATH), body, headers);
  }

  ProbeProcess.Result call(String what, String url, String body, String... headers) throws IOException {
    return probe.call(what + "-" + mode(), url, body, headers);
  }

  static long gapMillis(List<Received> r, int from, int to) {
    return (r.get(to).nanos() - r.get(from).nanos()) / 1_000_000;
  }

  @Test
  void theAgentHookedTheJdkClientWithoutAnyFlag() throws IOException {
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = post(Bodies.chatRequest(MODEL));

    assertThat(r.status()).isEqualTo(200);
    assertThat(probe.stderr()).doesNotContain("could not hook").doesNotContain("jdk hook skipped");
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
  void overHttp2RetriesWorkAsOverHttp11() throws IOException {
    h2.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    h2.enqueue(200, Bodies.COMPLETION);
    String error = Bodies.read("openrouter/stream-error-chunk-server.json").replace("\n", "");
    // Not enqueueStream: MockWebServer would write HTTP/1.1 chunk framing into the HTTP/2 frames.
    h2.enqueue(200, ": OPENROUTER PROCESSING\n\ndata: " + error + "\n\n", "Content-Type", "text/event-stream");
    String ok = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n";
    h2.enqueue(200, ok, "Content-Type", "text/event-stream");

    ProbeProcess.Result r = call("call", h2.url(PATH), Bodies.chatRequest(MODEL));
    ProbeProcess.Result stream =
        call("stream", h2.url(PATH), Bodies.streamRequest(MODEL), "x-rebound-fallback: " + FALLBACK);

    assertThat(r.header("x-probe-version")).isEqualTo("HTTP_2");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Bodies.COMPLETION);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
    assertThat(stream.header("x-probe-version")).isEqualTo("HTTP_2");
    assertThat(stream.header("x-rebound-attempts")).isEqualTo("2");
    assertThat(String.join("\n", stream.chunks()) + "\n").isEqualTo(ok);
    assertThat(h2.received()).hasSize(4);
  }

  @Test
  void aGeminiModelInThePathIsRewrittenAndTheQueryKept() throws IOException {
    server.enqueue(404, Bodies.read("gemini/404-model-not-found.json"));
    server.enqueue(200, Bodies.read("gemini/200-generate-content.json"));
    String path = "/v1beta/models/gemini-1.0-pro:generateContent";

    ProbeProcess.Result r =
        call("call", server.url(path + "?alt=json"), "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}",
            "x-rebound-fallback: gemini-2.5-flash");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-rebound-model")).isEqualTo("gemini-2.5-flash");
    assertThat(server.received()).extracting(Received::path)
        .containsExactly(path + "?alt=json", "/v1beta/models/gemini-2.5-flash:generateContent?alt=json");
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
  void everyBodyHandlerGetsExactlyTheFinalAttemptsBody() throws IOException {
    String big = Bodies.COMPLETION.replace("Hi!", "x".repeat(200_000));
    for (String handler : List.of("string", "bytes", "inputstream", "lines", "publisher", "custom", "discarding")) {
      for (String last : List.of(Bodies.COMPLETION, big)) {
        server.reset();
        server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
        server.enqueue(200, last);

        ProbeProcess.Result r = call("handler:" + handler, server.url(PATH), Bodies.chatRequest(MODEL));

        assertThat(r.error()).as(handler).isNull();
        assertThat(r.status()).as(handler).isEqualTo(200);
        assertThat(r.header("x-rebound-attempts")).as(handler).isEqualTo("2");
        assertThat(r.body()).as(handler).isEqualTo(handler.equals("discarding") ? "<null>" : last);
        assertThat(server.received()).as(handler).hasSize(2);
      }
    }
  }

  @Test
  void aFinalErrorReachesEveryBodyHandlerByteForByte() throws IOException {
    String body = Bodies.read("openrouter/402-insufficient-credits.json");
    for (String handler : List.of("string", "inputstream", "publisher", "custom")) {
      server.reset();
      server.enqueue(402, body);

      ProbeProcess.Result r = call("handler:" + handler, server.url(PATH), Bodies.chatRequest(MODEL));

      assertThat(r.status()).as(handler).isEqualTo(402);
      assertThat(r.body()).as(handler).isEqualTo(body);
    }
  }

  @Test
  void streamChunksReachTheApplicationAsTheyArrive() throws IOException {
    StringBuilder events = new StringBuilder(": OPENROUTER PROCESSING\n\n");
    for (int i = 0; i < 5; i++) {
      events.append("data: {\"choices\":[{\"delta\":{\"content\":\"").append(i).append("\"}}]}\n\n");
    }
    events.append("data: [DONE]\n\n");
    for (String handler : List.of("stream", "stream-input")) {
      server.reset();
      server.enqueueStream(events.toString(), 40, 150);

      ProbeProcess.Result r = call(handler, server.url(PATH), Bodies.streamRequest(MODEL));

      assertThat(r.status()).isEqualTo(200);
      assertThat(String.join("\n", r.chunks()) + "\n").as(handler).isEqualTo(events.toString());
      List<Long> times = r.chunkMillis();
      // Spread over the server's pace, not delivered at once at the end.
      assertThat(times.get(times.size() - 1) - times.get(2)).as(handler).isGreaterThan(400);
    }
  }

  @Test
  void aStreamErrorBeforeContentFallsBack() throws IOException {
    String error = Bodies.read("openrouter/stream-error-chunk-server.json").replace("\n", "");
    server.enqueueStream(": OPENROUTER PROCESSING\n\ndata: " + error + "\n\n", 4096, 1);
    String ok = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n";
    server.enqueueStream(ok, 4096, 1);

    ProbeProcess.Result r =
        call("stream", server.url(PATH), Bodies.streamRequest(MODEL), "x-rebound-fallback: " + FALLBACK);

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
    String model = "late/error-model-" + mode() + "-" + jdk();

    ProbeProcess.Result r = call("stream", server.url(PATH), Bodies.streamRequest(model));

    assertThat(String.join("\n", r.chunks()) + "\n").isEqualTo(events);
    assertThat(server.received()).hasSize(1);
    Awaits.until(
        () -> read(metrics).lines().anyMatch(l -> l.startsWith("{\"type\":\"call\"") && l.contains(model)),
        Duration.ofSeconds(10),
        "the call record");
    String record = read(metrics).lines().filter(l -> l.startsWith("{\"type\":\"call\"") && l.contains(model)).findFirst().orElseThrow();
    assertThat(record).contains("\"outcome\":\"success\"").contains("\"stream_error\":{\"class\":\"PROVIDER_UNAVAILABLE\"");
  }

  @Test
  void leavesOtherHostsAndGetsUntouched() throws IOException {
    server.enqueue(503, "{\"error\":\"down\"}");
    server.enqueue(503, "{\"error\":\"down\"}");

    String otherHost = server.url(PATH).replace("127.0.0.1", "localhost");
    ProbeProcess.Result other = call("call", otherHost, Bodies.chatRequest(MODEL), "x-rebound-retry: off");
    ProbeProcess.Result get = call("get", server.url("/api/v1/models"), "");

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

    ProbeProcess.Result r = call("oneshot", server.url(PATH), request);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
    assertThat(server.received()).extracting(Received::body).containsExactly(request, request);
  }

  @Test
  void aOneShotBodyOfKnownLengthIsReadOnceAndSentOnEveryAttempt() throws IOException {
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.enqueue(200, Bodies.COMPLETION);
    String request = Bodies.chatRequest(MODEL);

    ProbeProcess.Result r = call("known", server.url(PATH), request);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
    assertThat(server.received()).extracting(Received::body).containsExactly(request, request);
  }

  @Test
  void thePushPromiseOverloadIsManagedToo() throws IOException {
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = call("push", server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Bodies.COMPLETION);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
  }

  @Test
  void aClientDroppedByTheApplicationStillSendsItsRetry() throws IOException {
    // A 1 s wait with garbage collections every 50 ms: without Rebound holding the client, the
    // JDK would stop its selector thread and the retry would fail.
    server.enqueue(429, Bodies.read("openrouter/429-rate-limit-exceeded-typed.json"), "Retry-After", "1");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = call("inline", server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.error()).isNull();
    assertThat(r.status()).isEqualTo(200);
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void cancellingAnAsyncCallCancelsItsPendingRetry() throws IOException {
    server.enqueue(429, Bodies.read("openrouter/429-rate-limit-exceeded-typed.json"), "Retry-After", "5");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = probe.call("cancel-async", server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.error()).startsWith("java.util.concurrent.CancellationException after ");
    long ms = Long.parseLong(r.error().replaceAll(".* after (\\d+)ms", "$1"));
    assertThat(ms).isLessThan(2000);
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void interruptingASendDuringItsWaitThrowsInterruptedExceptionAtOnce() throws IOException {
    server.enqueue(429, Bodies.read("openrouter/429-rate-limit-exceeded-typed.json"), "Retry-After", "5");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = probe.call("interrupt-sync", server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.error()).startsWith("java.lang.InterruptedException after ");
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
    assertThat(call.get("client").asText()).isEqualTo("jdk");
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
