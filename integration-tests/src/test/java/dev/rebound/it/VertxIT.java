package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rebound.it.support.Awaits;
import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * What only Vert.x has (issue #15), on Vert.x 5.0 and 5.2 (some on 4.5 too): its own exceptions
 * classified (a connection closed before the status is NETWORK, its idle timeout TIMEOUT), each
 * retry bounded by the request's own timeout, a reset or 5.2's {@code cancel()} stopping the call,
 * a request that names only its path sent to the client's default host, and the family switched off
 * alone.
 */
class VertxIT {
  static final String PATH = "/api/v1/chat/completions";
  static final String MODEL = "openai/gpt-4o";

  ScriptedLlmServer server;
  ProbeProcess probe;
  Path metrics;

  @BeforeEach
  void newServer() throws IOException {
    server = new ScriptedLlmServer();
    metrics = Files.createTempDirectory("rebound-vertx").resolve("metrics.jsonl");
  }

  @AfterEach
  void stop() throws IOException {
    if (probe != null) {
      probe.close();
    }
    server.close();
  }

  private void startProbe(String clients, String line) throws IOException {
    startProbe(clients, line, Map.of());
  }

  private void startProbe(String clients, String line, Map<String, String> more)
      throws IOException {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("rebound.hosts", server.hostAndPort());
    props.put("rebound.clients", clients);
    props.put("rebound.retry.base-delay", "10ms");
    props.put("rebound.metrics.interval", "1s");
    props.put("rebound.metrics.file", metrics.toString());
    props.put("probe.idleTimeoutMs", "1000");
    props.putAll(more);
    probe =
        ProbeProcess.start(
            "dev.rebound.it.probes.VertxProbe",
            probeOf(line).classPath(),
            props,
            ProbeProcess.currentJava());
  }

  @ParameterizedTest
  @ValueSource(strings = {"5.0", "5.2"})
  void aConnectionClosedBeforeTheStatusIsANetworkFailureAndRetried(String line) throws IOException {
    startProbe("vertx", line);
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = probe.call("call-async", server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.error()).isNull();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Bodies.COMPLETION);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
    awaitLog("\"class\":\"NETWORK\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5.0", "5.2"})
  void anIdleTimeoutIsATimeoutAndEachRetryHasItsOwn(String line) throws IOException {
    startProbe("vertx", line);
    // 1 s idle timeout per request: the first attempt times out, and the retry, a request of its
    // own with the same options, answers within its own second.
    server.enqueue(
        new MockResponse().setHeadersDelay(3, TimeUnit.SECONDS).setBody(Bodies.COMPLETION));
    server.enqueue(
        new MockResponse()
            .setHeadersDelay(700, TimeUnit.MILLISECONDS)
            .setHeader("content-type", "application/json")
            .setBody(Bodies.COMPLETION));

    ProbeProcess.Result r = probe.call("call-async", server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.error()).isNull();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
    awaitLog("\"class\":\"TIMEOUT\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5.0", "5.2"})
  void aResetDuringADeliveredStreamStopsTheRetriedAttemptsStream(String line) throws IOException {
    startProbe("vertx", line);
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      events
          .append("data: {\"choices\":[{\"delta\":{\"content\":\"")
          .append(i)
          .append("\"}}]}\n\n");
    }
    server.enqueueStream(events.toString(), 40, 200);

    ProbeProcess.Result r =
        probe.call("stream-reset-async", server.url(PATH), Bodies.streamRequest(MODEL));

    // Stopped after its first piece: the rest (4 s at the server's pace) never arrives.
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
    assertThat(r.error()).startsWith("io.vertx.core.http.StreamResetException");
    assertThat(Long.parseLong(r.error().replaceAll(".* after (\\d+)ms", "$1"))).isLessThan(3000);
    assertThat(r.chunks().size()).isLessThan(10);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5.0", "5.2"})
  void callsAnsweredByReboundItselfGiveTheirConnectionsBack(String line) throws IOException {
    // Without the idle timeout, which would reset a request left unsent: only Rebound gives back.
    startProbe(
        "vertx",
        line,
        Map.of(
            "rebound.breaker.failure-threshold", "1",
            "rebound.breaker.wait", "false",
            "rebound.retry.max-attempts", "1",
            "probe.idleTimeoutMs", "0"));
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    assertThat(probe.call("call-async", server.url(PATH), Bodies.chatRequest(MODEL)).status())
        .isEqualTo(503);

    // Each request holds one of the pool's 5 connections until answered: 12 answered by Rebound
    // (the circuit is open) would wait forever for a connection if theirs were kept.
    for (int i = 0; i < 12; i++) {
      ProbeProcess.Result r = probe.call("call-async", server.url(PATH), Bodies.chatRequest(MODEL));
      assertThat(r.error()).isNull();
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.header("x-rebound-attempts")).isEqualTo("0");
      assertThat(r.body()).contains("rebound_circuit_open");
    }
    assertThat(server.received()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"4.5", "5.0", "5.2"})
  void aRequestNamingOnlyItsPathGoesToTheClientsDefaultHostManaged(String line) throws IOException {
    startProbe("vertx", line);
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r =
        probe.call("defaults-async", server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.error()).isNull();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-rebound-attempts")).isEqualTo("2");
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void aCancelDuringTheWaitEndsTheCallOnVertx52() throws IOException {
    // cancel() (5.1 and later) does not go through reset(long, Throwable), which the scenario
    // suite's stop uses.
    startProbe("vertx", "5.2", Map.of("probe.stopWith", "cancel", "probe.idleTimeoutMs", "0"));
    // A first call, so that the stop comes during the wait, not while the client starts up.
    server.enqueue(200, Bodies.COMPLETION);
    assertThat(probe.call("call-async", server.url(PATH), Bodies.chatRequest(MODEL)).status())
        .isEqualTo(200);
    server.reset();
    server.enqueue(
        429, Bodies.read("openrouter/429-rate-limit-exceeded-typed.json"), "Retry-After", "5");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = probe.call("cancel-async", server.url(PATH), Bodies.chatRequest(MODEL));

    assertThat(r.error())
        .startsWith("io.vertx.core.http.StreamResetException")
        .matches(".* after \\d+ms");
    assertThat(Long.parseLong(r.error().replaceAll(".* after (\\d+)ms", "$1"))).isLessThan(1000);
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void switchedOffAloneVertxCallsAreUntouched() throws IOException {
    startProbe("okhttp,jdk,apache4,apache5,apache5-async", "5.0");
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r =
        probe.call(
            "call-async", server.url(PATH), Bodies.chatRequest(MODEL), "x-rebound-retry: off");

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("x-rebound-attempts")).isNull();
    assertThat(server.received()).hasSize(1);
    assertThat(server.received().get(0).headers().get("x-rebound-retry")).isEqualTo("off");
    // Rebound says nothing about a family it was told to leave alone (on JDK 24+ Netty's own
    // native-access warning names the Vert.x jars: not Rebound's).
    assertThat(probe.stderr().lines().filter(l -> l.startsWith("rebound:")))
        .noneMatch(l -> l.contains("vertx"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"4.5", "5.0", "5.2"})
  void aRequestReboundLeavesAloneIsCountedOnceAsPassthrough(String line) throws Exception {
    startProbe("vertx", line);
    server.enqueue(200, Bodies.COMPLETION);
    server.enqueue(200, "{\"data\":[]}");
    server.enqueue(200, "{\"data\":[]}");

    assertThat(probe.call("call-async", server.url(PATH), Bodies.chatRequest(MODEL)).status())
        .isEqualTo(200);
    assertThat(probe.call("get-async", server.url("/api/v1/models"), "").status()).isEqualTo(200);
    assertThat(probe.call("get-async", server.url("/api/v1/models"), "").status()).isEqualTo(200);

    // Summaries count per interval (1 s): wait for two after the calls, then add them up.
    Awaits.until(() -> passthroughs().size() >= 3, Duration.ofSeconds(15), "three summaries");
    int seen = passthroughs().size();
    Awaits.until(
        () -> passthroughs().size() >= seen + 2, Duration.ofSeconds(15), "two more summaries");
    assertThat(passthroughs().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
  }

  private static ClientProbe probeOf(String line) {
    switch (line) {
      case "4.5":
        return ClientProbe.vertx(4);
      case "5.0":
        return ClientProbe.vertx(5);
      case "5.2":
        return ClientProbe.vertx52();
      default:
        throw new IllegalArgumentException(line);
    }
  }

  /** {@code outcomes.passthrough} of every summary so far. */
  private List<Long> passthroughs() {
    try {
      ObjectMapper json = new ObjectMapper();
      List<Long> counts = new ArrayList<>();
      for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
        JsonNode node = json.readTree(line);
        if (node.get("type").asText().equals("summary")) {
          counts.add(node.get("outcomes").get("passthrough").asLong());
        }
      }
      return counts;
    } catch (IOException e) {
      return List.of();
    }
  }

  private void awaitLog(String fragment) {
    Awaits.until(
        () -> {
          try {
            return Files.exists(metrics)
                && Files.readString(metrics, StandardCharsets.UTF_8).contains(fragment);
          } catch (IOException e) {
            return false;
          }
        },
        Duration.ofSeconds(15),
        "a call record with " + fragment);
  }
}
