package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.Awaits;
import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only Reactor Netty has, beyond the shared scenarios ({@link ReactorNetty12IT}, {@link
 * ReactorNetty13IT}): Netty's own failures classified as the JDK's would be, a form left alone, and
 * the family switched off on its own. Reactor Netty 1.3.
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

  private String awaitRecord() {
    Awaits.until(
        () -> read().contains("\"type\":\"call\""), Duration.ofSeconds(10), "the call record");
    return read();
  }

  private String read() {
    try {
      return Files.exists(metrics) ? Files.readString(metrics) : "";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
