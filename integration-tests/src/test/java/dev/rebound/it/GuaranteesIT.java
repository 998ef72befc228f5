package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import dev.rebound.it.support.ScriptedLlmServer.Received;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Rebound promises never to do, checked on a real OkHttp application in a forked JVM: leak a
 * key or a prompt, send a request elsewhere, touch a client it was told to leave alone, or change
 * anything at all when disabled.
 */
class GuaranteesIT {
  static final String PATH = "/api/v1/chat/completions";
  static final String KEY = "sk-or-v1-PLANTED0123456789";
  static final String PROMPT = "PLANTED-PROMPT-do-not-log";

  ScriptedLlmServer server;
  Path dir;

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedLlmServer();
    dir = Files.createTempDirectory("rebound-guarantees");
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  ProbeProcess probe(Map<String, String> props, boolean withAgent) throws IOException {
    List<Path> cp =
        ProbeProcess.clientClassPath("okhttp-" + System.getProperty("rebound.okhttp4.version"));
    return withAgent
        ? ProbeProcess.start(
            "dev.rebound.it.probes.OkHttpProbe", cp, props, ProbeProcess.currentJava())
        : ProbeProcess.startWithoutAgent(
            "dev.rebound.it.probes.OkHttpProbe", cp, ProbeProcess.currentJava());
  }

  Map<String, String> settings(String... pairs) {
    Map<String, String> props = new HashMap<>();
    props.put("rebound.hosts", server.hostAndPort());
    props.put("rebound.metrics.file", dir.resolve("metrics.jsonl").toString());
    props.put("rebound.retry.base-delay", "10ms");
    props.put("rebound.log", "debug");
    for (int i = 0; i < pairs.length; i += 2) {
      props.put(pairs[i], pairs[i + 1]);
    }
    return props;
  }

  @Test
  void aPlantedKeyAndPromptNeverReachStderrOrTheMetricsLog() throws IOException {
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.enqueue(404, Bodies.read("openrouter/404-no-endpoints-tool-use.json"));
    server.enqueue(200, Bodies.COMPLETION);
    ProbeProcess p =
        probe(settings("rebound.fallback.models", "anthropic/claude-sonnet-4.5"), true);
    ProbeProcess.Result r;
    try {
      r =
          p.call(
              "sync",
              server.url(PATH),
              Bodies.chatRequest("openai/gpt-4o").replace("Say hi", PROMPT),
              "Authorization: Bearer " + KEY,
              "x-api-key: " + KEY);
    } finally {
      p.close();
    }
    assertThat(r.status()).isEqualTo(200);
    String stderr = p.stderr();
    assertThat(stderr).contains("rebound: ").doesNotContain(KEY).doesNotContain(PROMPT);
    Path log = dir.resolve("metrics.jsonl");
    assertThat(Files.readString(log))
        .contains("fallback_success")
        .doesNotContain(KEY)
        .doesNotContain(PROMPT);
    assertThat(Files.getPosixFilePermissions(log))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void theAgentAddsNoWarningToStderrOnJdk17Or25() throws IOException {
    for (int feature : new int[] {17, 25}) {
      java.util.Optional<Path> home = dev.rebound.it.support.Jdks.home(feature);
      org.junit.jupiter.api.Assumptions.assumeTrue(
          home.isPresent(), "SKIPPED: no JDK " + feature + " here");
      server.reset();
      server
          .enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}")
          .enqueue(200, Bodies.COMPLETION);
      Map<String, String> props = settings();
      props.remove("rebound.log");
      ProbeProcess p =
          ProbeProcess.start(
              "dev.rebound.it.probes.OkHttpProbe",
              ProbeProcess.clientClassPath(
                  "okhttp-" + System.getProperty("rebound.okhttp4.version")),
              props,
              ProbeProcess.javaOf(home.get()));
      try {
        assertThat(p.call("sync", server.url(PATH), Bodies.chatRequest("openai/gpt-4o")).status())
            .isEqualTo(200);
      } finally {
        p.close();
      }
      assertThat(p.stderr()).as("JDK " + feature).isEmpty();
    }
  }

  @Test
  void aFallbackNeverLeavesTheHostTheApplicationChose() throws IOException {
    server.enqueue(404, Bodies.read("openrouter/404-no-endpoints-tool-use.json"));
    server.enqueue(200, Bodies.COMPLETION);
    try (ProbeProcess p =
        probe(settings("rebound.fallback.models", "anthropic/claude-sonnet-4.5"), true)) {
      p.call(
          "sync",
          server.url(PATH),
          Bodies.chatRequest("openai/gpt-4o"),
          "Authorization: Bearer " + KEY);
    }
    List<Received> got = server.received();
    assertThat(got).hasSize(2);
    assertThat(got).extracting(r -> r.headers().get("Host")).containsOnly(server.hostAndPort());
    assertThat(got).extracting(r -> r.headers().get("Authorization")).containsOnly("Bearer " + KEY);
  }

  @Test
  void aClientLeftOutOfReboundClientsIsUntouched() throws IOException {
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    try (ProbeProcess p =
        probe(settings("rebound.clients", "jdk,apache4,apache5,apache5-async"), true)) {
      ProbeProcess.Result r =
          p.call(
              "sync",
              server.url(PATH),
              Bodies.chatRequest("openai/gpt-4o"),
              "x-rebound-retry: off");
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.header("x-rebound-attempts")).isNull();
    }
    assertThat(server.received()).hasSize(1);
    assertThat(server.received().get(0).headers().get("x-rebound-retry")).isEqualTo("off");
  }

  /** Each client family switched off alone: its calls go out and come back untouched. */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0} switched off")
  @org.junit.jupiter.params.provider.CsvSource({
    "jdk, dev.rebound.it.probes.JdkHttpClientProbe, , call-sync",
    "apache4, dev.rebound.it.probes.Apache4Probe, httpclient-, sync",
    "apache5, dev.rebound.it.probes.Apache5Probe, httpclient5-, sync",
    "apache5-async, dev.rebound.it.probes.Apache5AsyncProbe, httpclient5-, async"
  })
  void eachOtherClientLeftOutIsUntouchedToo(
      String client, String probeClass, String folder, String mode) throws IOException {
    // A 401, which no client retries on its own: exactly what the application sent comes back.
    server.enqueue(401, Bodies.read("openrouter/401-no-auth-credentials.json"));
    List<String> others =
        new java.util.ArrayList<>(List.of("okhttp", "jdk", "apache4", "apache5", "apache5-async"));
    others.remove(client);
    String version =
        System.getProperty(
            folder != null && folder.startsWith("httpclient5")
                ? "rebound.httpclient5.version"
                : "rebound.httpclient4.version");
    List<Path> cp =
        folder == null
            ? List.of(Path.of("target/test-classes").toAbsolutePath())
            : ProbeProcess.clientClassPath(folder + version);
    ProbeProcess p =
        ProbeProcess.start(
            probeClass,
            cp,
            settings("rebound.clients", String.join(",", others)),
            ProbeProcess.currentJava());
    ProbeProcess.Result r;
    try {
      r =
          p.call(
              mode, server.url(PATH), Bodies.chatRequest("openai/gpt-4o"), "x-rebound-retry: off");
    } finally {
      p.close();
    }

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("x-rebound-attempts")).isNull();
    assertThat(r.header("x-should-retry")).isNull();
    assertThat(server.received()).hasSize(1);
    assertThat(server.received().get(0).headers().get("x-rebound-retry")).isEqualTo("off");
  }

  @Test
  void enabledFalseIsByteForByteANoAgentRun() throws IOException {
    String request = Bodies.chatRequest("openai/gpt-4o");
    String[] headers = {"Authorization: Bearer k", "x-rebound-fallback: other/model"};
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    ProbeProcess.Result plain;
    try (ProbeProcess p = probe(Map.of(), false)) {
      plain = p.call("sync", server.url(PATH), request, headers);
    }
    List<Received> plainGot = server.received();
    server.reset();
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    ProbeProcess.Result disabled;
    ProbeProcess p = probe(settings("rebound.enabled", "false"), true);
    try {
      disabled = p.call("sync", server.url(PATH), request, headers);
    } finally {
      p.close();
    }
    assertThat(p.stderr()).isEmpty();
    List<Received> disabledGot = server.received();

    assertThat(disabled.status()).isEqualTo(plain.status());
    assertThat(disabled.body()).isEqualTo(plain.body());
    assertThat(disabled.headers().keySet()).isEqualTo(plain.headers().keySet());
    assertThat(disabledGot).hasSize(1);
    assertThat(disabledGot.get(0).body()).isEqualTo(plainGot.get(0).body());
    assertThat(disabledGot.get(0).headers().toMultimap())
        .isEqualTo(plainGot.get(0).headers().toMultimap());
    assertThat(dir.resolve("metrics.jsonl")).doesNotExist();
  }
}
