package dev.rebound.it;

import static dev.rebound.it.ClientProbe.Capability.BODY_HANDLERS;
import static dev.rebound.it.ClientProbe.Capability.BUFFERS_ONE_SHOT_BODIES;
import static dev.rebound.it.ClientProbe.Capability.CANCEL;
import static dev.rebound.it.ClientProbe.Capability.CONNECTION_POOL;
import static dev.rebound.it.ClientProbe.Capability.DROPPED_CLIENT;
import static dev.rebound.it.ClientProbe.Capability.HTTP2;
import static dev.rebound.it.ClientProbe.Capability.INTERRUPT;
import static dev.rebound.it.ClientProbe.Capability.ONE_SHOT_OF_KNOWN_LENGTH;
import static dev.rebound.it.ClientProbe.Capability.OWN_STATUS_RETRY;
import static dev.rebound.it.ClientProbe.Capability.PUSH_PROMISE;
import static dev.rebound.it.ClientProbe.Capability.READS_AHEAD_UNKNOWN_LENGTH;
import static dev.rebound.it.ClientProbe.Capability.STREAMING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rebound.it.support.Awaits;
import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.Jdks;
import dev.rebound.it.support.OneAnswerServer;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import dev.rebound.it.support.ScriptedLlmServer.Received;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SPEC §2 and §4 as an application of each client sees it: a real client in a forked JVM with the
 * built agent (and no other flag), against a scripted server on loopback. Every client runs every
 * scenario; a scenario about something only some clients have (HTTP/2, body handlers, the client's
 * own status retry, ...) runs where its {@link ClientProbe.Capability} is, and is reported skipped
 * elsewhere. A subclass names one client, in one mode: its {@link #client()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LlmClientScenarios {
  static final String MODEL = "openai/gpt-4o";
  static final String FALLBACK = "anthropic/claude-sonnet-4.5";
  static final String PATH = "/api/v1/chat/completions";
  static final String DOWN = "{\"error\":{\"code\":503,\"message\":\"down\"}}";
  static final Pattern UNMANAGED = Pattern.compile("\"unmanaged_body\":[1-9]");

  ClientProbe client;
  ScriptedLlmServer server;

  /** With {@link ClientProbe.Capability#HTTP2}: HTTPS, offering HTTP/2 by ALPN. */
  ScriptedLlmServer h2;

  /** With {@link ClientProbe.Capability#CONNECTION_POOL}: the model is always gone. */
  OneAnswerServer modelGone;

  ProbeProcess probe;
  Path metrics;

  /** Why this class's tests are skipped (no such JDK here), or null. */
  String skipReason;

  /** The client under test, its probe and what it can do. */
  abstract ClientProbe client();

  @BeforeAll
  void start() throws IOException {
    client = client();
    Path java = ProbeProcess.currentJava();
    if (client.jdk() != 0) {
      Optional<Path> home = Jdks.home(client.jdk());
      if (home.isEmpty()) {
        // Printed, and each test reported as skipped: a missing JDK is never a silent pass.
        skipReason =
            "no JDK "
                + client.jdk()
                + " here (checked -Drebound.jdk"
                + client.jdk()
                + ".home, the running JDK and /usr/lib/jvm): "
                + getClass().getSimpleName()
                + " skipped";
        System.out.println("SKIPPED: " + skipReason);
        return;
      }
      java = ProbeProcess.javaOf(home.get());
    }
    server = new ScriptedLlmServer();
    Path dir = Files.createTempDirectory("rebound-it");
    metrics = dir.resolve("metrics.jsonl");
    List<String> hosts = new ArrayList<>(List.of(server.hostAndPort()));
    Map<String, String> props = new LinkedHashMap<>();
    if (client.has(HTTP2)) {
      HeldCertificate certificate =
          new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").build();
      h2 =
          new ScriptedLlmServer(
              new HandshakeCertificates.Builder()
                  .heldCertificate(certificate)
                  .build()
                  .sslSocketFactory());
      hosts.add(h2.hostAndPort());
      Path trust = Files.writeString(dir.resolve("server.pem"), certificate.certificatePem());
      props.put("probe.trust", trust.toString());
    }
    if (client.has(CONNECTION_POOL)) {
      modelGone =
          new OneAnswerServer(404, Bodies.read("openrouter/404-no-endpoints-tool-use.json"));
      hosts.add(modelGone.hostAndPort());
    }
    props.put("rebound.hosts", String.join(",", hosts));
    props.put("rebound.retry.base-delay", "20ms");
    props.put("rebound.breaker.failure-threshold", "100000");
    props.put("rebound.retry.budget.min-per-second", "100000");
    props.put("rebound.metrics.interval", "1s");
    props.put("rebound.metrics.file", metrics.toString());
    probe = ProbeProcess.start(client.mainClass, client.classPath(), props, java);
  }

  @AfterAll
  void stop() throws IOException {
    for (AutoCloseable c : new AutoCloseable[] {probe, server, h2, modelGone}) {
      if (c != null) {
        try {
          c.close();
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException(e);
        }
      }
    }
  }

  @BeforeEach
  void resetServer() {
    Assumptions.assumeTrue(skipReason == null, skipReason);
    server.reset();
    if (h2 != null) {
      h2.reset();
    }
  }

  /** Skips the test for a client without {@code capability}. */
  void assumeCan(ClientProbe.Capability capability) {
    Assumptions.assumeTrue(client.has(capability), client + ": no " + capability);
  }

  /** One call of the probe: {@code what} in the client's mode. */
  ProbeProcess.Result call(String what, String url, String body, String... headers)
      throws IOException {
    return probe.call(what + "-" + client.mode, url, body, headers);
  }

  ProbeProcess.Result post(String body, String... headers) throws IOException {
    return call("call", server.url(PATH), body, headers);
  }

  static long gapMillis(List<Received> r, int from, int to) {
    return (r.get(to).nanos() - r.get(from).nanos()) / 1_000_000;
  }

  static String streamText(ProbeProcess.Result r) {
    return String.join("\n", r.chunks()) + "\n";
  }

  @Test
  void theAgentHookedTheClientWithoutAnyFlag() throws IOException {
    server.enqueue(503, DOWN);
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = post(Bodies.chatRequest(MODEL));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
    assertThat(probe.stderr()).doesNotContain("could not hook").doesNotContain("hook skipped");
  }

  @Test
  void waitsForRetryAfterOnAGatewayRateLimitThenSucceeds() throws IOException {
    server.enqueue(
        429, Bodies.read("openrouter/429-rate-limit-exceeded-typed.json"), "Retry-After", "1");
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
    server.enqueue(
        404, Bodies.read("openrouter/404-no-endpoints-tool-use.json"), "Retry-After", "5");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = post(Bodies.chatRequest(MODEL), "x-rebound-fallback: " + FALLBACK);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-rebound-model")).isEqualTo(FALLBACK);
    assertThat(gapMillis(server.received(), 0, 1)).isLessThan(1000);
  }

  @Test
  void overHttp2RetriesWorkAsOverHttp11() throws IOException {
    assumeCan(HTTP2);
    h2.enqueue(503, DOWN);
    h2.enqueue(200, Bodies.COMPLETION);
    String error = Bodies.read("openrouter/stream-error-chunk-server.json").replace("\n", "");
    // Not enqueueStream: MockWebServer would write HTTP/1.1 chunk framing into the HTTP/2 frames.
    h2.enqueue(
        200,
        ": OPENROUTER PROCESSING\n\ndata: " + error + "\n\n",
        "Content-Type",
        "text/event-stream");
    String ok = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n";
    h2.enqueue(200, ok, "Content-Type", "text/event-stream");

    ProbeProcess.Result r = call("call", h2.url(PATH), Bodies.chatRequest(MODEL));
    ProbeProcess.Result stream =
        call(
            "stream", h2.url(PATH), Bodies.streamRequest(MODEL), "x-rebound-fallback: " + FALLBACK);

    assertThat(r.header("x-probe-version")).isEqualTo("HTTP_2");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Bodies.COMPLETION);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
    assertThat(stream.header("x-probe-version")).isEqualTo("HTTP_2");
    assertThat(stream.header("x-rebound-attempts")).isEqualTo("2");
    assertThat(streamText(stream)).isEqualTo(ok);
    assertThat(h2.received()).hasSize(4);
  }

  @Test
  void aGeminiModelInThePathIsRewrittenAndTheQueryKept() throws IOException {
    server.enqueue(404, Bodies.read("gemini/404-model-not-found.json"));
    server.enqueue(200, Bodies.read("gemini/200-generate-content.json"));
    String path = "/v1beta/models/gemini-1.0-pro:generateContent";

    ProbeProcess.Result r =
        call(
            "call",
            server.url(path + "?alt=json"),
            "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}",
            "x-rebound-fallback: gemini-2.5-flash");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-rebound-model")).isEqualTo("gemini-2.5-flash");
    assertThat(server.received())
        .extracting(Received::path)
        .containsExactly(
            path + "?alt=json", "/v1beta/models/gemini-2.5-flash:generateContent?alt=json");
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
    assumeCan(OWN_STATUS_RETRY);
    // Without Rebound switching it off, the client would send each 503 twice: 6 requests, not 3.
    server.always(503, DOWN);

    ProbeProcess.Result r = post(Bodies.chatRequest(MODEL));

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("3");
    assertThat(server.received()).hasSize(3);
  }

  @Test
  void callsReboundDoesNotManageKeepTheClientsOwnStatusRetry() throws IOException {
    assumeCan(OWN_STATUS_RETRY);
    server.enqueue(503, DOWN, "Retry-After", "0");
    server.enqueue(200, Bodies.COMPLETION);

    String otherHost = server.url(PATH).replace("127.0.0.1", "localhost");
    ProbeProcess.Result r = call("call", otherHost, Bodies.chatRequest(MODEL));

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
  void everyBodyHandlerGetsExactlyTheFinalAttemptsBody() throws IOException {
    assumeCan(BODY_HANDLERS);
    String big = Bodies.COMPLETION.replace("Hi!", "x".repeat(200_000));
    for (String handler :
        List.of("string", "bytes", "inputstream", "lines", "publisher", "custom", "discarding")) {
      for (String last : List.of(Bodies.COMPLETION, big)) {
        server.reset();
        server.enqueue(503, DOWN);
        server.enqueue(200, last);

        ProbeProcess.Result r =
            call("handler:" + handler, server.url(PATH), Bodies.chatRequest(MODEL));

        assertThat(r.error()).as(handler).isNull();
        assertThat(r.status()).as(handler).isEqualTo(200);
        assertThat(r.header("x-rebound-attempts")).as(handler).isEqualTo("2");
        assertThat(r.body()).as(handler).isEqualTo(handler.equals("discarding") ? "<null>" : last);
        assertThat(server.received()).as(handler).hasSize(2);
        assertThat(server.received())
            .as(handler)
            .extracting(Received::body)
            .containsOnly(Bodies.chatRequest(MODEL));
      }
    }
  }

  @Test
  void aBodyThatIsASliceOfAnArrayFallsBackWithOnlyItsModelChanged() throws IOException {
    assumeCan(BODY_HANDLERS);
    String request = Bodies.chatRequest(MODEL);
    server.enqueue(404, Bodies.read("openrouter/404-no-endpoints-tool-use.json"));
    server.enqueue(200, Bodies.COMPLETION);

    // The probe sends this body as ofByteArray(array, offset, length) of a larger array.
    ProbeProcess.Result r =
        call("handler:bytes", server.url(PATH), request, "x-rebound-fallback: " + FALLBACK);

    assertThat(r.status()).isEqualTo(200);
    assertThat(server.received())
        .extracting(Received::body)
        .containsExactly(request, request.replace(MODEL, FALLBACK));
  }

  @Test
  void aFinalErrorReachesEveryBodyHandlerByteForByte() throws IOException {
    assumeCan(BODY_HANDLERS);
    String body = Bodies.read("openrouter/402-insufficient-credits.json");
    for (String handler : List.of("string", "inputstream", "publisher", "custom")) {
      server.reset();
      server.enqueue(402, body);

      ProbeProcess.Result r =
          call("handler:" + handler, server.url(PATH), Bodies.chatRequest(MODEL));

      assertThat(r.status()).as(handler).isEqualTo(402);
      assertThat(r.body()).as(handler).isEqualTo(body);
    }
  }

  @Test
  void streamChunksReachTheApplicationAsTheyArrive() throws IOException {
    assumeCan(STREAMING);
    StringBuilder events = new StringBuilder(": OPENROUTER PROCESSING\n\n");
    for (int i = 0; i < 5; i++) {
      events
          .append("data: {\"choices\":[{\"delta\":{\"content\":\"")
          .append(i)
          .append("\"}}]}\n\n");
    }
    events.append("data: [DONE]\n\n");
    for (String reader : client.streamReaders()) {
      server.reset();
      server.enqueueStream(events.toString(), 40, 150);

      ProbeProcess.Result r = call(reader, server.url(PATH), Bodies.streamRequest(MODEL));

      assertThat(r.status()).as(reader).isEqualTo(200);
      assertThat(streamText(r)).as(reader).isEqualTo(events.toString());
      List<Long> times = r.chunkMillis();
      // Spread over the server's pace, not delivered at once at the end.
      assertThat(times.get(times.size() - 1) - times.get(2)).as(reader).isGreaterThan(400);
    }
  }

  @Test
  void aStreamErrorBeforeContentFallsBack() throws IOException {
    assumeCan(STREAMING);
    String error = Bodies.read("openrouter/stream-error-chunk-server.json").replace("\n", "");
    server.enqueueStream(": OPENROUTER PROCESSING\n\ndata: " + error + "\n\n", 4096, 1);
    String ok = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n";
    server.enqueueStream(ok, 4096, 1);

    ProbeProcess.Result r =
        call(
            "stream",
            server.url(PATH),
            Bodies.streamRequest(MODEL),
            "x-rebound-fallback: " + FALLBACK);

    assertThat(r.status()).isEqualTo(200);
    assertThat(streamText(r)).isEqualTo(ok);
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void anErrorAfterContentIsOnlyRecordedOnTheCall() throws IOException {
    assumeCan(STREAMING);
    String error = Bodies.read("openrouter/stream-error-chunk-server.json").replace("\n", "");
    String events =
        "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: " + error + "\n\n";
    server.enqueueStream(events, 4096, 1);
    server.enqueue(200, Bodies.COMPLETION);
    String model = "late/error-model";

    ProbeProcess.Result r = call("stream", server.url(PATH), Bodies.streamRequest(model));

    assertThat(streamText(r)).isEqualTo(events);
    assertThat(server.received()).hasSize(1);
    String record = awaitCallRecord(model);
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
    ProbeProcess.Result other =
        call("call", otherHost, Bodies.chatRequest(MODEL), "x-rebound-retry: off");
    ProbeProcess.Result get = call("get", server.url("/api/v1/models"), "");

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
  void aOneShotBodyOfUnknownLengthIsReadAheadAndSentOnEveryAttempt() throws IOException {
    assertOneShotBody("oneshot", client.has(READS_AHEAD_UNKNOWN_LENGTH), true);
  }

  @Test
  void aOneShotBodyOfKnownLengthIsReadOnceAndSentOnEveryAttempt() throws IOException {
    assumeCan(ONE_SHOT_OF_KNOWN_LENGTH);
    assertOneShotBody("known", client.has(BUFFERS_ONE_SHOT_BODIES), false);
  }

  /**
   * A one-shot body ({@code what}) after a 503: read once and sent on every attempt when {@code
   * managed}; otherwise it goes once, as the application sent it (and is counted as {@code
   * unmanaged_body} when {@code counted}).
   */
  private void assertOneShotBody(String what, boolean managed, boolean counted) throws IOException {
    server.enqueue(503, DOWN);
    server.enqueue(managed ? 200 : 503, Bodies.COMPLETION);
    String request = Bodies.chatRequest(MODEL);

    ProbeProcess.Result r = call(what, server.url(PATH), request);

    if (managed) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
      assertThat(server.received()).extracting(Received::body).containsExactly(request, request);
      return;
    }
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("x-rebound-attempts")).isNull();
    assertThat(server.received()).extracting(Received::body).containsExactly(request);
    if (counted) {
      Awaits.until(
          () -> UNMANAGED.matcher(read(metrics)).find(),
          Duration.ofSeconds(10),
          "a summary counting the unmanaged body");
    }
  }

  @Test
  void thePushPromiseOverloadIsManagedToo() throws IOException {
    assumeCan(PUSH_PROMISE);
    server.enqueue(503, DOWN);
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = call("push", server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Bodies.COMPLETION);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
  }

  @Test
  void aClientDroppedByTheApplicationStillSendsItsRetry() throws IOException {
    assumeCan(DROPPED_CLIENT);
    // A 1 s wait with garbage collections every 50 ms: without Rebound holding the client, the
    // JDK would stop its selector thread and the retry would fail.
    server.enqueue(
        429, Bodies.read("openrouter/429-rate-limit-exceeded-typed.json"), "Retry-After", "1");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = call("inline", server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.error()).isNull();
    assertThat(r.status()).isEqualTo(200);
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void cancellingTheCallCancelsItsPendingRetry() throws IOException {
    assumeCan(CANCEL);
    // The probe cancels 300 ms into the wait and says how long after the cancel the call ended.
    assertAStopDuringTheWaitEndsTheCall(client.mode, "cancel", client.cancelError(), 1000);
  }

  @Test
  void interruptingASendDuringItsWaitThrowsInterruptedExceptionAtOnce() throws IOException {
    assumeCan(INTERRUPT);
    // The probe interrupts 300 ms into the wait and says how long after the call began it ended.
    assertAStopDuringTheWaitEndsTheCall(
        "sync", "interrupt", "java.lang.InterruptedException", 2000);
  }

  /** A call the application stops during its 5 s wait ends at once, and nothing is sent again. */
  private void assertAStopDuringTheWaitEndsTheCall(
      String mode, String what, String error, long withinMillis) throws IOException {
    // A first call, so that the stop comes during the wait, not while the client starts up.
    server.enqueue(200, Bodies.COMPLETION);
    assertThat(post(Bodies.chatRequest(MODEL)).status()).isEqualTo(200);
    server.reset();
    String rateLimited = Bodies.read("openrouter/429-rate-limit-exceeded-typed.json");
    server.enqueue(429, rateLimited, "Retry-After", "5");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r =
        probe.call(what + "-" + mode, server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.error()).startsWith(error).matches(".* after \\d+ms");
    long ms = Long.parseLong(r.error().replaceAll(".* after (\\d+)ms", "$1"));
    assertThat(ms).isLessThan(withinMillis);
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void everyExecuteOverloadIsManaged() throws IOException {
    int overloads = client.overloads();
    Assumptions.assumeTrue(overloads > 0, client + ": no overloads to call");
    for (int i = 0; i < overloads; i++) {
      server.enqueue(503, DOWN);
      server.enqueue(200, Bodies.COMPLETION);
    }

    ProbeProcess.Result r = call("overloads", server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.error()).isNull();
    assertThat(r.body().split(" ")).hasSize(overloads).containsOnly("200/2");
    assertThat(server.received()).hasSize(2 * overloads);
  }

  @Test
  void aThousandFailingCallsThroughAPoolOfTwoLeakNoConnection() throws IOException {
    assumeCan(CONNECTION_POOL);
    ProbeProcess.Result r =
        call(
            "pool",
            modelGone.url(PATH),
            Bodies.chatRequest(MODEL),
            "x-rebound-fallback: " + FALLBACK);

    assertThat(r.error()).isNull();
    // Each call: the model is gone, so the fallback at once, also gone: two requests, one
    // discarded.
    assertThat(r.body()).isEqualTo("leased=0 errors=0 attempts=2000");
    assertThat(modelGone.requests()).isEqualTo(2000);
    // Discarded error bodies were read to their end: their connections went back for reuse.
    assertThat(modelGone.connections()).isLessThanOrEqualTo(2);
  }

  @Test
  void metricsLinesParseAndHoldNoKeyOrPrompt() throws IOException {
    server.enqueue(503, DOWN);
    server.enqueue(200, Bodies.COMPLETION);
    String prompt = "PLANTED-PROMPT-7f3a";
    // A model of its own, so that this call's record is told from the other tests' records.
    String model = "privacy/check-model";
    String request = Bodies.chatRequest(model).replace("Say hi", prompt);

    post(request, "Authorization: Bearer sk-or-v1-PLANTEDKEY", "x-api-key: PLANTEDKEY2");

    awaitCallRecord(model);
    ObjectMapper json = new ObjectMapper();
    String log = read(metrics);
    assertThat(log).doesNotContain(prompt).doesNotContain("PLANTEDKEY");
    for (String line : log.split("\n")) {
      JsonNode node = json.readTree(line);
      assertThat(node.get("type").asText()).isIn("start", "call", "summary", "breaker");
    }
    JsonNode call =
        log.lines()
            .map(l -> readTree(json, l))
            .filter(
                n ->
                    n.get("type").asText().equals("call")
                        && n.get("model_requested").asText().equals(model))
            .findFirst()
            .orElseThrow();
    assertThat(call.get("client").asText()).isEqualTo(client.client);
    assertThat(call.get("host").asText()).isEqualTo(server.hostAndPort());
    assertThat(call.get("path").asText()).isEqualTo(PATH);
    assertThat(call.get("attempts")).hasSize(2);
    assertThat(call.get("attempts").get(0).get("class").asText()).isEqualTo("PROVIDER_UNAVAILABLE");
  }

  /** The metrics record of the call for {@code model}, once written. */
  private String awaitCallRecord(String model) {
    Awaits.until(
        () -> callRecord(model).isPresent(), Duration.ofSeconds(10), "the call record of " + model);
    return callRecord(model).orElseThrow();
  }

  private Optional<String> callRecord(String model) {
    return read(metrics)
        .lines()
        .filter(l -> l.startsWith("{\"type\":\"call\"") && l.contains(model))
        .findFirst();
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
