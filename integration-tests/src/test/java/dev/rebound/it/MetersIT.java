package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.probes.MetersProbe;
import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.ScriptedLlmServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §9: Rebound's meters in the application's own OpenTelemetry (its SDK, or the OpenTelemetry
 * Java agent's) and Micrometer, in a forked application, after one call that retried into an open
 * circuit and fell back; and nothing of it loaded when the libraries are absent or switched off.
 */
class MetersIT {
  static final String PATH = "/api/v1/chat/completions";

  ScriptedLlmServer server;
  Path dir;

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedLlmServer();
    // The 503 opens gpt-4o's circuit (threshold 1), so the call falls back at once.
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.enqueue(200, Bodies.COMPLETION);
    dir = Files.createTempDirectory("rebound-meters");
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void openTelemetrySdkOfTheApplicationGetsTheMeters() throws Exception {
    ForkedJvm.Result r = run("otel-sdk", classPath("otel-sdk"));

    String host = "server.address=\"" + server.hostAndPort() + "\"";
    assertThat(r.stdout())
        .contains("STATUS 200")
        .containsPattern(
            "METRIC rebound.calls unit=\\{call} scope=dev.rebound \\{gen_ai.request.model=\"openai/gpt-4o\", rebound.client=\"jdk\", rebound.outcome=\"fallback_success\", "
                + quoted(host)
                + "} value=1")
        .contains(
            "METRIC rebound.attempts unit={attempt} scope=dev.rebound {gen_ai.request.model=\"openai/gpt-4o\", rebound.classification=\"PROVIDER_UNAVAILABLE\", "
                + host
                + "} value=1")
        .contains(
            "METRIC rebound.attempts unit={attempt} scope=dev.rebound {gen_ai.request.model=\"anthropic/claude-sonnet-4.5\", rebound.classification=\"SUCCESS\", "
                + host
                + "} value=1")
        .contains(
            "METRIC rebound.call.duration unit=s scope=dev.rebound {gen_ai.request.model=\"openai/gpt-4o\", rebound.outcome=\"fallback_success\"} value=count:1")
        .contains(
            "METRIC rebound.breaker.transitions unit={transition} scope=dev.rebound {gen_ai.request.model=\"openai/gpt-4o\", rebound.breaker.state=\"open\", "
                + host
                + "} value=1");
    assertThat(r.stderr()).contains("rebound: meters recorded through OpenTelemetry");
  }

  @Test
  void micrometerGlobalRegistryShowsTheMetersToPrometheus() throws Exception {
    ForkedJvm.Result r = run("micrometer", classPath("micrometer"));

    String host = "server_address=\"" + server.hostAndPort() + "\"";
    assertThat(r.stdout())
        .contains("STATUS 200")
        .contains(
            "rebound_calls_total{gen_ai_request_model=\"openai/gpt-4o\",rebound_client=\"jdk\",rebound_outcome=\"fallback_success\","
                + host
                + "} 1.0")
        .contains(
            "rebound_attempts_total{gen_ai_request_model=\"openai/gpt-4o\",rebound_classification=\"PROVIDER_UNAVAILABLE\","
                + host
                + "} 1.0")
        .contains(
            "rebound_attempts_total{gen_ai_request_model=\"anthropic/claude-sonnet-4.5\",rebound_classification=\"SUCCESS\","
                + host
                + "} 1.0")
        .contains(
            "rebound_call_duration_seconds_count{gen_ai_request_model=\"openai/gpt-4o\",rebound_outcome=\"fallback_success\"} 1")
        .contains(
            "rebound_call_duration_seconds_bucket{gen_ai_request_model=\"openai/gpt-4o\",rebound_outcome=\"fallback_success\",le=\"0.5\"}")
        .contains(
            "rebound_breaker_transitions_total{gen_ai_request_model=\"openai/gpt-4o\","
                + "rebound_breaker_state=\"open\","
                + host
                + "} 1.0");
    Files.writeString(dir.resolve("scrape.txt"), r.stdout());
  }

  @Test
  void openTelemetryJavaAgentExportsTheMeters() throws Exception {
    Path otelAgent =
        Paths.get(System.getProperty("rebound.agents.dir"), "opentelemetry-javaagent.jar");
    ForkedJvm.Result r =
        run(
            "none",
            classPath(null),
            "-javaagent:" + otelAgent,
            "-Dotel.traces.exporter=none",
            "-Dotel.logs.exporter=none",
            "-Dotel.metrics.exporter=logging",
            "-Dotel.metric.export.interval=200",
            "-Dotel.instrumentation.common.default-enabled=false",
            "-Dprobe.linger.ms=1000");

    assertThat(r.stdout()).contains("STATUS 200");
    // The logging exporter writes each metric on stderr as the SDK's MetricData; the last export
    // runs when the agent shuts its SDK down, after the probe's call was recorded.
    String exported = r.stderr();
    assertThat(exported)
        .contains("name=dev.rebound")
        .contains("name=rebound.calls, description=Managed LLM API calls, by outcome, unit={call}")
        .contains(
            "attributes={gen_ai.request.model=\"openai/gpt-4o\", rebound.client=\"jdk\", rebound.outcome=\"fallback_success\", server.address=\""
                + server.hostAndPort()
                + "\"}, value=1")
        .contains("name=rebound.attempts")
        .contains("name=rebound.call.duration")
        .contains("name=rebound.breaker.transitions")
        .contains("rebound.breaker.state=\"open\"");
    assertThat(exported).contains("rebound: meters recorded through OpenTelemetry (Java agent)");
  }

  @Test
  void withoutTheLibrariesNoMeterClassIsLoaded() throws Exception {
    Path classes = dir.resolve("classes.txt");
    ForkedJvm.Result r = run("none", classPath(null), "-Xlog:class+load=info:file=" + classes);

    assertThat(r.stdout()).contains("STATUS 200");
    String loaded = Files.readString(classes);
    assertThat(loaded).contains("dev.rebound.agent.meters.Backends");
    assertThat(loaded)
        .doesNotContain("dev.rebound.agent.meters.OtelBackend")
        .doesNotContain("dev.rebound.agent.meters.MicrometerBackend")
        .doesNotContain("io.opentelemetry")
        .doesNotContain("io.micrometer");
  }

  @Test
  void switchedOffNothingOfJfrOrTheMetersIsLoaded() throws Exception {
    Path classes = dir.resolve("classes.txt");
    ForkedJvm.Result r =
        run(
            "micrometer",
            classPath("micrometer"),
            "-Xlog:class+load=info:file=" + classes,
            "-Drebound.jfr=false",
            "-Drebound.otel=off",
            "-Drebound.micrometer=off",
            // Were the meters on, they would show within milliseconds.
            "-Dprobe.wait.ms=2000");

    assertThat(r.stdout()).contains("STATUS 200").doesNotContain("rebound_calls_total");
    String loaded = Files.readString(classes);
    assertThat(loaded).contains("dev.rebound.agent.engine.CallEngine");
    assertThat(loaded)
        .doesNotContain("dev.rebound.agent.meters.")
        .doesNotContain("dev.rebound.agent.jfr.")
        .doesNotContain("jdk.jfr.");
  }

  ForkedJvm.Result run(String library, String classPath, String... jvmArgs) throws Exception {
    ForkedJvm jvm = new ForkedJvm();
    for (String arg : jvmArgs) {
      jvm.jvmArg(arg);
    }
    jvm.withAgent(null)
        .jvmArg("-Drebound.hosts=" + server.hostAndPort())
        .jvmArg("-Drebound.breaker.failure-threshold=1")
        .jvmArg("-Drebound.fallback.models=anthropic/claude-sonnet-4.5")
        .jvmArg("-Drebound.metrics.file=" + dir.resolve("metrics.jsonl"))
        .jvmArg("-Drebound.log=debug")
        .jvmArg("-cp")
        .jvmArg(classPath);
    String body =
        Base64.getEncoder()
            .encodeToString(Bodies.chatRequest("openai/gpt-4o").getBytes(StandardCharsets.UTF_8));
    ForkedJvm.Result r =
        jvm.args(MetersProbe.class.getName(), library, server.url(PATH), body).run();
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(server.received()).hasSize(2);
    return r;
  }

  /** The probe's classes, and the library's jars as Maven resolved them (see the pom). */
  static String classPath(String library) throws IOException {
    List<String> cp = new ArrayList<>();
    cp.add(Paths.get("target/test-classes").toAbsolutePath().toString());
    if (library != null) {
      Path file = Paths.get(System.getProperty("rebound.clients.dir"), library + ".classpath");
      cp.add(Files.readString(file).strip());
    }
    return String.join(File.pathSeparator, cp);
  }

  static String quoted(String literal) {
    return java.util.regex.Pattern.quote(literal);
  }
}
