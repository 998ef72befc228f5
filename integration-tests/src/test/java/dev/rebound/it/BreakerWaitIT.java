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
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Waiting for the probe and rate limits that are not sickness (SPEC §4, {@code
 * rebound.breaker.wait}), as applications on OkHttp, the JDK client (send and sendAsync) and Apache
 * HttpClient 5 async see it: a forked JVM with the built agent per case, against a scripted server
 * on loopback.
 */
class BreakerWaitIT {
  static final String PATH = "/api/v1/chat/completions";
  static final String DOWN = "{\"error\":{\"code\":503,\"message\":\"Service Unavailable\"}}";
  static final long OPEN_MILLIS = 1500;

  /** One application: the probe class, its class path and the mode of its calls. */
  record Client(String name, String probeClass, String folder, String mode) {
    @Override
    public String toString() {
      return name;
    }

    List<Path> classPath() throws IOException {
      return folder == null
          ? List.of(Paths.get("target/test-classes").toAbsolutePath())
          : ProbeProcess.clientClassPath(folder);
    }
  }

  static Stream<Client> clients() {
    String okhttp = "okhttp-" + System.getProperty("rebound.okhttp4.version");
    String apache5 = "httpclient5-" + System.getProperty("rebound.httpclient5.version");
    String jdk = "dev.rebound.it.probes.JdkHttpClientProbe";
    return Stream.of(
        new Client("okhttp sync", "dev.rebound.it.probes.OkHttpProbe", okhttp, "sync"),
        new Client("okhttp async", "dev.rebound.it.probes.OkHttpProbe", okhttp, "async"),
        new Client("jdk send", jdk, null, "string-sync"),
        new Client("jdk sendAsync", jdk, null, "string-async"),
        new Client("apache5 async", "dev.rebound.it.probes.Apache5AsyncProbe", apache5, "async"));
  }

  final ObjectMapper json = new ObjectMapper();
  ScriptedLlmServer server;
  Path metrics;
  ProbeProcess probe;

  @BeforeEach
  void startServer() throws IOException {
    server = new ScriptedLlmServer();
    metrics = Files.createTempDirectory("rebound-it").resolve("metrics.jsonl");
  }

  @AfterEach
  void stop() throws IOException {
    if (probe != null) {
      probe.close();
    }
    server.close();
  }

  void startProbe(Client client, String... settings) throws IOException {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("rebound.hosts", server.hostAndPort());
    props.put("rebound.retry.base-delay", "20ms");
    props.put("rebound.retry.budget.min-per-second", "1000");
    props.put("rebound.breaker.failure-threshold", "2");
    props.put("rebound.metrics.file", metrics.toString());
    for (int i = 0; i < settings.length; i += 2) {
      props.put(settings[i], settings[i + 1]);
    }
    probe =
        ProbeProcess.start(
            client.probeClass(), client.classPath(), props, ProbeProcess.currentJava());
  }

  ProbeProcess.Result post(Client client, String model) throws IOException {
    return probe.call(client.mode(), server.url(PATH), Bodies.chatRequest(model));
  }

  /** The call records of the metrics log, once {@code count} of them are written. */
  List<JsonNode> callRecords(int count) throws IOException {
    Awaits.until(
        () -> lines("\"type\":\"call\"").size() >= count,
        Duration.ofSeconds(20),
        count + " call records");
    List<JsonNode> records = new ArrayList<>();
    for (String l : lines("\"type\":\"call\"")) {
      records.add(json.readTree(l));
    }
    return records;
  }

  static String state(String breakerRecord) {
    int at = breakerRecord.indexOf("\"state\":\"") + 9;
    return breakerRecord.substring(at, breakerRecord.indexOf('"', at));
  }

  List<String> lines(String containing) {
    try {
      if (!Files.exists(metrics)) {
        return List.of();
      }
      return Files.readAllLines(metrics).stream().filter(l -> l.contains(containing)).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void aCallThatFindsTheCircuitOpenWaitsForTheProbeAndNothingReachesTheModelMeanwhile(Client client)
      throws Exception {
    startProbe(
        client,
        "rebound.retry.max-attempts",
        "2",
        "rebound.breaker.open-duration",
        OPEN_MILLIS + "ms");
    String model = "openai/gpt-4o";
    server.enqueue(503, DOWN).enqueue(503, DOWN);
    server.always(200, Bodies.COMPLETION);

    ProbeProcess.Result first = post(client, model);
    ProbeProcess.Result second = post(client, model);
    ProbeProcess.Result third = post(client, model);

    // The first call's two failures open the circuit; the second waits for its probe and is it.
    assertThat(first.status()).as(first.toString()).isEqualTo(503);
    assertThat(first.header("x-rebound-attempts")).isEqualTo("2");
    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(Bodies.COMPLETION);
    assertThat(second.header("x-rebound-attempts")).isEqualTo("1");
    assertThat(third.status()).as(third.toString()).isEqualTo(200);
    List<Received> got = server.received();
    assertThat(got).hasSize(4);
    long closedFor = (got.get(2).nanos() - got.get(1).nanos()) / 1_000_000;
    assertThat(closedFor).isGreaterThanOrEqualTo(OPEN_MILLIS - 50);
    List<JsonNode> records = callRecords(3);
    assertThat(records)
        .extracting(r -> r.get("outcome").asText())
        .containsExactly("failed", "success", "success");
    // The second call waited from its start to the probe: most of its time, though not the whole
    // open time when the application took a while to make it.
    JsonNode waited = records.get(1);
    double attemptMillis = waited.get("attempts").get(0).get("ms").asDouble();
    assertThat(waited.get("wait_ms").asDouble())
        .isPositive()
        .isGreaterThanOrEqualTo(waited.get("total_ms").asDouble() - attemptMillis - 500);
    assertThat(records.get(2).get("wait_ms").asDouble()).isZero();
    assertThat(lines("\"type\":\"breaker\""))
        .extracting(BreakerWaitIT::state)
        .containsExactly("open", "half_open", "closed");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void aBurstOfHostWideRateLimitsNeverOpensACircuit(Client client) throws Exception {
    // Without waiting, an open circuit would show at once as Rebound's own 503.
    startProbe(client, "rebound.retry.max-attempts", "1", "rebound.breaker.wait", "false");
    String limited = Bodies.read("openrouter/429-rate-limit-exceeded-typed.json");
    for (int i = 0; i < 6; i++) {
      server.enqueue(429, limited);
    }
    server.always(200, Bodies.COMPLETION);

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      statuses.add(post(client, "openai/gpt-4o").status());
    }

    assertThat(statuses).containsExactly(429, 429, 429, 429, 429, 429, 200);
    assertThat(server.received()).hasSize(7);
    callRecords(7);
    assertThat(lines("\"type\":\"breaker\"")).isEmpty();
  }
}
