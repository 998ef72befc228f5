package dev.rebound.it;

import static dev.rebound.it.support.ClassLoadLog.indexOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.PreloadAgent;
import dev.rebound.it.support.ScriptedLlmServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rebound next to the OpenTelemetry Java agent, attached before and after it: both start, and
 * retries and fallbacks still work for OkHttp and the JDK client. The classes Rebound hooks are
 * hooked even when another agent loaded them before Rebound's premain.
 */
class OtherAgentsIT {
  static final String PATH = "/api/v1/chat/completions";

  ScriptedLlmServer server;

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedLlmServer();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  static Path otelAgent() {
    return Paths.get(System.getProperty("rebound.agents.dir"), "opentelemetry-javaagent.jar");
  }

  @ParameterizedTest(name = "{0}, OpenTelemetry {1}")
  @CsvSource({"okhttp, first", "okhttp, last", "jdk, first", "jdk, last"})
  void retriesAndFallbacksWorkWithTheOpenTelemetryAgent(String client, String otelPosition)
      throws Exception {
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.enqueue(404, Bodies.read("openrouter/404-no-endpoints-tool-use.json"));
    server.enqueue(200, Bodies.COMPLETION);
    Path dir = Files.createTempDirectory("rebound-otel");
    List<String> otel = List.of("-javaagent:" + otelAgent());
    List<String> rebound = List.of("-javaagent:" + ForkedJvm.agentJar());
    ForkedJvm jvm = new ForkedJvm();
    for (String a : otelPosition.equals("first") ? concat(otel, rebound) : concat(rebound, otel)) {
      jvm.jvmArg(a);
    }
    jvm.jvmArg("-Dotel.traces.exporter=none")
        .jvmArg("-Dotel.metrics.exporter=none")
        .jvmArg("-Dotel.logs.exporter=none")
        .jvmArg("-Drebound.hosts=" + server.hostAndPort())
        .jvmArg("-Drebound.retry.base-delay=10ms")
        .jvmArg("-Drebound.fallback.models=anthropic/claude-sonnet-4.5")
        .jvmArg("-Drebound.metrics.file=" + dir.resolve("metrics.jsonl"))
        .jvmArg("-cp")
        .jvmArg(classPath(client));
    ForkedJvm.Result r = jvm.args(probe(client)).stdin(oneCall(client, dir)).run();

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stderr()).contains("opentelemetry-javaagent");
    assertThat(r.stdout())
        .contains("STATUS 200")
        .containsIgnoringCase("x-rebound-attempts: 3")
        .containsIgnoringCase("x-rebound-model: anthropic/claude-sonnet-4.5");
    assertThat(server.received()).hasSize(3);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "okhttp, okhttp3.OkHttpClient",
    "jdk, jdk.internal.net.http.HttpClientFacade",
  })
  void classesAnotherAgentLoadedBeforeReboundAreHooked(String client, String hooked)
      throws Exception {
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.enqueue(200, Bodies.COMPLETION);
    Path dir = Files.createTempDirectory("rebound-preload");

    ForkedJvm.Result r =
        new ForkedJvm()
            .jvmArg("-javaagent:" + PreloadAgent.jar(dir) + "=" + hooked)
            .jvmArg("-javaagent:" + ForkedJvm.agentJar())
            .jvmArg("-Drebound.hosts=" + server.hostAndPort())
            .jvmArg("-Drebound.retry.base-delay=10ms")
            .jvmArg("-Drebound.metrics.file=off")
            .jvmArg("-Xlog:class+load=info:file=" + dir.resolve("classes.log"))
            .jvmArg("-cp")
            .jvmArg(classPath(client))
            .args(probe(client))
            .stdin(oneCall(client, dir))
            .run();

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    List<String> loads = Files.readAllLines(dir.resolve("classes.log"));
    assertThat(indexOf(loads, hooked + " "))
        .as("the class was loaded before Rebound's premain")
        .isNotNegative()
        .isLessThan(indexOf(loads, "dev.rebound.agent.AgentLoader "));
    assertThat(r.stdout()).contains("STATUS 200").containsIgnoringCase("x-rebound-attempts: 2");
    assertThat(server.received()).hasSize(2);
  }

  private static String probe(String client) {
    return client.equals("okhttp")
        ? "dev.rebound.it.probes.OkHttpProbe"
        : "dev.rebound.it.probes.JdkHttpClientProbe";
  }

  /** The probe's input: one blocking chat completion call to the server. */
  private Path oneCall(String client, Path dir) throws IOException {
    String mode = client.equals("okhttp") ? "sync" : "call-sync";
    Path input = dir.resolve("input.txt");
    Files.writeString(
        input,
        mode
            + " "
            + server.url(PATH)
            + " "
            + b64(Bodies.chatRequest("openai/gpt-4o"))
            + " "
            + b64("")
            + "\n");
    return input;
  }

  static String classPath(String client) throws IOException {
    List<Path> cp = new ArrayList<>();
    cp.add(Paths.get("target/test-classes").toAbsolutePath());
    if (client.equals("okhttp")) {
      try (var jars =
          Files.list(
              Paths.get(
                  System.getProperty("rebound.clients.dir"),
                  "okhttp-" + System.getProperty("rebound.okhttp4.version")))) {
        jars.sorted().forEach(cp::add);
      }
    }
    return String.join(File.pathSeparator, cp.stream().map(Path::toString).toList());
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
