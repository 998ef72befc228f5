package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.Awaits;
import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What only Reactor Netty has, beyond the shared scenarios ({@link ReactorNetty11IT}, {@link
 * ReactorNetty12IT}, {@link ReactorNetty13IT}): Netty's own failures classified as the JDK's would
 * be, a first request that fails before its body is asked for (a refused connect, a failed TLS
 * handshake) retried, a form left alone, and the family switched off on its own. Reactor Netty 1.3.
 */
class ReactorNettyIT {
  static final String PATH = "/api/v1/chat/completions";
  static final String MODEL = "openai/gpt-4o";

  ScriptedLlmServer server;
  Path metrics;

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedLlmServer();
    metrics = Files.createTempDirectory("rebound-rn").resolve("metrics.jsonl");
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private ProbeProcess probe(String... settings) throws IOException {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("rebound.hosts", server.hostAndPort());
    props.put("rebound.retry.base-delay", "10ms");
    props.put("rebound.metrics.file", metrics.toString());
    for (int i = 0; i + 1 < settings.length; i += 2) {
      props.put(settings[i], settings[i + 1]);
    }
    return ProbeProcess.start(
        "dev.rebound.it.probes.ReactorNettyProbe",
        ClientProbe.reactorNetty("13").classPath(),
        props,
        ProbeProcess.currentJava());
  }

  @Test
  void aConnectionClosedBeforeTheResponseIsANetworkFailureRetried() throws IOException {
    // Reactor Netty's PrematureCloseException: the request arrived, no status line came back.
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(
        new MockResponse()
            .setResponseCode(200)
            .setBody(Bodies.COMPLETION + " ".repeat(4096))
            .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
    server.enqueue(200, Bodies.COMPLETION);
    try (ProbeProcess p = probe()) {
      ProbeProcess.Result r = p.call("call-async", server.url(PATH), Bodies.chatRequest(MODEL));

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(Bodies.COMPLETION);
      assertThat(r.header("x-rebound-attempts")).isEqualTo("3");
    }
    assertThat(server.received()).hasSize(3);
    assertThat(awaitRecord()).contains("\"class\":\"NETWORK\"");
  }

  @Test
  void aResponseTimeoutIsATimeoutRetried() throws IOException {
    // Reactor Netty's ReadTimeoutException (no message, not an IOException).
    server.enqueue(
        new MockResponse()
            .setResponseCode(200)
            .setBody(Bodies.COMPLETION)
            .setHeadersDelay(3, TimeUnit.SECONDS));
    server.enqueue(200, Bodies.COMPLETION);
    try (ProbeProcess p = probe()) {
      ProbeProcess.Result r = p.call("timeout-async", server.url(PATH), Bodies.chatRequest(MODEL));

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
    }
    assertThat(awaitRecord()).contains("\"class\":\"TIMEOUT\"");
  }

  @Test
  void aRefusedConnectBeforeTheBodyIsSentIsRetriedAndTheBodyFunctionRunsOnce() throws Exception {
    // Nothing listens on the port until the call has been refused for two seconds: each refused
    // connect is an attempt (NETWORK), retried as the engine decides, the app's one-shot body
    // (a buffer Reactor Netty frees after one send) still untaken.
    int port = freePort();
    server.enqueue(200, Bodies.COMPLETION);
    String url = "http://127.0.0.1:" + port + PATH;
    try (ProbeProcess p =
        probe(
            "rebound.hosts", server.hostAndPort() + ",127.0.0.1:" + port,
            "rebound.retry.base-delay", "200ms",
            "rebound.retry.max-delay", "200ms",
            "rebound.retry.max-attempts", "100")) {
      // A first call warms the agent and the client, so that the next is refused well before the
      // port opens even on a loaded machine.
      assertThat(p.call("known-async", server.url(PATH), Bodies.chatRequest(MODEL)).status())
          .isEqualTo(200);
      java.util.concurrent.CompletableFuture<ProbeProcess.Result> call =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return p.call("known-async", url, Bodies.chatRequest(MODEL));
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      Thread.sleep(2000);
      ProbeProcess.Result r;
      try (ScriptedLlmServer late = ScriptedLlmServer.onPort(port)) {
        late.enqueue(200, Bodies.COMPLETION);
        r = call.get(60, TimeUnit.SECONDS);
        assertThat(late.received()).hasSize(1);
        assertThat(late.received().get(0).body()).isEqualTo(Bodies.chatRequest(MODEL));
      }

      assertThat(r.error()).isNull();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(Bodies.COMPLETION);
      int attempts = Integer.parseInt(r.header("x-rebound-attempts"));
      assertThat(attempts).isGreaterThan(1);
      String record = awaitRecords(2).lines().reduce((a, b) -> b).orElseThrow();
      assertThat(record)
          .contains("\"outcome\":\"retry_success\"")
          .contains("\"model_requested\":\"" + MODEL + "\"");
      assertThat(count(record, "\"class\":\"NETWORK\"")).isEqualTo(attempts - 1);
      assertThat(count(record, "\"class\":\"SUCCESS\"")).isEqualTo(1);
    }
  }

  @Test
  void aCallRefusedUntilItsAttemptsAreSpentGetsTheConnectFailure() throws Exception {
    int port = freePort();
    try (ProbeProcess p =
        probe("rebound.hosts", "127.0.0.1:" + port, "rebound.retry.max-attempts", "3")) {
      ProbeProcess.Result r =
          p.call("known-async", "http://127.0.0.1:" + port + PATH, Bodies.chatRequest(MODEL));

      assertThat(r.error()).contains("Connection refused");
      assertThat(r.header("x-rebound-attempts")).isNull();
    }
    String record = awaitRecord();
    assertThat(record).contains("\"outcome\":\"failed\"");
    assertThat(count(record, "\"class\":\"NETWORK\"")).isEqualTo(3);
  }

  @Test
  void aFailedTlsHandshakeIsANetworkFailureRetriedBeforeTheBodyIsSent() throws Exception {
    // A certificate the client does not trust: the handshake fails, nothing of the request leaves.
    okhttp3.tls.HeldCertificate untrusted =
        new okhttp3.tls.HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").build();
    try (ScriptedLlmServer tls =
            new ScriptedLlmServer(
                new okhttp3.tls.HandshakeCertificates.Builder()
                    .heldCertificate(untrusted)
                    .build()
                    .sslSocketFactory());
        ProbeProcess p =
            probe("rebound.hosts", tls.hostAndPort(), "rebound.retry.max-attempts", "2")) {
      ProbeProcess.Result r = p.call("known-async", tls.url(PATH), Bodies.chatRequest(MODEL));

      assertThat(r.error()).contains("SSLHandshakeException");
      assertThat(tls.received()).isEmpty();
    }
    String record = awaitRecord();
    assertThat(record).contains("\"outcome\":\"failed\"");
    assertThat(count(record, "\"class\":\"NETWORK\"")).isEqualTo(2);
  }

  @Test
  void disposingTheCallDuringAConnectRetrysWaitStopsIt() throws Exception {
    // Disposed past the first connect's failure, however busy the build, while the call retries
    // (waits of up to 1 s): a retry left pending would reach the port within 2.5 s.
    String record =
        cancelledCallRecord(
            1500,
            2500,
            "rebound.retry.base-delay",
            "1s",
            "rebound.retry.max-delay",
            "1s",
            "rebound.retry.max-attempts",
            "100");
    assertThat(record).contains("\"outcome\":\"failed\"").contains("\"class\":\"NETWORK\"");
    assertThat(record).doesNotContain("\"class\":\"SUCCESS\"");
  }

  @Test
  void disposingTheCallDuringItsFirstConnectRecordsIt() throws Exception {
    // Like a call cancelled during any attempt: failed, with the connects that failed before.
    assertThat(cancelledCallRecord(0, 500))
        .contains("\"outcome\":\"failed\"")
        .doesNotContain("SUCCESS");
  }

  /**
   * A call to a closed port, disposed {@code cancelAfterMs} after the application subscribed; then
   * the port opens, and nothing may reach it for {@code watchMs}. Returns the metrics log.
   */
  private String cancelledCallRecord(long cancelAfterMs, long watchMs, String... settings)
      throws Exception {
    int port = freePort();
    List<String> all =
        concat(
            List.of(settings),
            List.of(
                "rebound.hosts",
                "127.0.0.1:" + port,
                "probe.cancelAfterMs",
                Long.toString(cancelAfterMs)));
    try (ProbeProcess p = probe(all.toArray(new String[0]))) {
      ProbeProcess.Result r =
          p.call("cancel-async", "http://127.0.0.1:" + port + PATH, Bodies.chatRequest(MODEL));
      try (ScriptedLlmServer late = ScriptedLlmServer.onPort(port)) {
        late.always(200, Bodies.COMPLETION);

        assertThat(r.error()).startsWith("cancelled after ");
        Thread.sleep(watchMs);
        assertThat(late.received()).isEmpty();
      }
    }
    return awaitRecord();
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  private String awaitRecords(int n) {
    Awaits.until(
        () ->
            LlmClientScenarios.read(metrics)
                    .lines()
                    .filter(l -> l.contains("\"type\":\"call\""))
                    .count()
                >= n,
        Duration.ofSeconds(10),
        n + " call records");
    return LlmClientScenarios.read(metrics)
        .lines()
        .filter(l -> l.contains("\"type\":\"call\""))
        .reduce((a, b) -> a + "\n" + b)
        .orElseThrow();
  }

  @Test
  void aCallQueuedUnderTheConcurrencyCapHoldsNoPooledConnection() throws IOException {
    // One connection, one call at a time: the queued call must leave the connection to the retry
    // of the call ahead of it (else that retry waits for it until the pool times out).
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.enqueue(200, Bodies.COMPLETION);
    server.enqueue(200, Bodies.COMPLETION);
    try (ProbeProcess p = probe("rebound.max-concurrency", "1")) {
      ProbeProcess.Result r =
          p.call("concurrent-async", server.url(PATH), Bodies.chatRequest(MODEL));

      assertThat(r.error()).isNull();
      assertThat(r.body()).isEqualTo("200/1 200/2");
    }
    assertThat(server.received()).hasSize(3);
  }

  @Test
  void aFormIsLeftAlone() throws IOException {
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    try (ProbeProcess p = probe()) {
      ProbeProcess.Result r = p.call("form-async", server.url(PATH), "", "x-rebound-retry: off");

      assertThat(r.status()).isEqualTo(503);
      assertThat(r.header("x-rebound-attempts")).isNull();
    }
    assertThat(server.received()).hasSize(1);
    assertThat(server.received().get(0).headers().get("content-type"))
        .startsWith("multipart/form-data");
  }

  @Test
  void reactorNettyLeftOutOfReboundClientsIsUntouched() throws IOException {
    server.enqueue(401, Bodies.read("openrouter/401-no-auth-credentials.json"));
    try (ProbeProcess p = probe("rebound.clients", "okhttp,jdk,apache4,apache5,apache5-async")) {
      ProbeProcess.Result r =
          p.call("call-async", server.url(PATH), Bodies.chatRequest(MODEL), "x-rebound-retry: off");

      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("x-rebound-attempts")).isNull();
      assertThat(r.header("x-should-retry")).isNull();
      assertThat(p.stderr()).doesNotContain("HttpClientFinalizer");
    }
    assertThat(server.received()).hasSize(1);
    assertThat(server.received().get(0).headers().get("x-rebound-retry")).isEqualTo("off");
  }

  /**
   * OpenTelemetry's agent hooks the same five methods (it skips them and calls them again on an
   * instrumented receiver): attached before or after Rebound, every form is still managed.
   */
  @ParameterizedTest(name = "OpenTelemetry {0}")
  @ValueSource(strings = {"first", "last"})
  void everyResponseMethodIsManagedNextToTheOpenTelemetryAgent(String otelPosition)
      throws Exception {
    for (int i = 0; i < 5; i++) {
      server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
      server.enqueue(200, Bodies.COMPLETION);
    }
    Path dir = metrics.getParent();
    List<String> otel = List.of("-javaagent:" + OtherAgentsIT.otelAgent());
    List<String> rebound = List.of("-javaagent:" + ForkedJvm.agentJar());
    ForkedJvm jvm = new ForkedJvm();
    for (String a : otelPosition.equals("first") ? concat(otel, rebound) : concat(rebound, otel)) {
      jvm.jvmArg(a);
    }
    String cp =
        String.join(
            File.pathSeparator,
            ClientProbe.reactorNetty("13").classPath().stream().map(Path::toString).toList());
    jvm.jvmArg("-Dotel.traces.exporter=none")
        .jvmArg("-Dotel.metrics.exporter=none")
        .jvmArg("-Dotel.logs.exporter=none")
        .jvmArg("-Drebound.hosts=" + server.hostAndPort())
        .jvmArg("-Drebound.retry.base-delay=10ms")
        .jvmArg("-Drebound.metrics.file=" + metrics)
        .jvmArg("-cp")
        .jvmArg(cp);
    String body = Bodies.chatRequest(MODEL);
    String line = "overloads-async " + server.url(PATH) + " " + b64(body) + " " + b64("");
    Path input = Files.writeString(dir.resolve("input.txt"), line + "\n");

    ForkedJvm.Result r = jvm.args("dev.rebound.it.probes.ReactorNettyProbe").stdin(input).run();

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stderr()).contains("opentelemetry-javaagent");
    assertThat(r.stdout()).contains("BODY " + b64("200/2 200/2 200/2 200/2 200/2"));
    assertThat(server.received()).hasSize(10);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private String awaitRecord() {
    Awaits.until(
        () -> LlmClientScenarios.read(metrics).contains("\"type\":\"call\""),
        Duration.ofSeconds(10),
        "the call record");
    return LlmClientScenarios.read(metrics);
  }
}
