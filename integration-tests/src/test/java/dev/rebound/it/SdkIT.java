package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import dev.rebound.it.support.ScriptedLlmServer.Received;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official SDKs (OpenAI, Anthropic) retry on their own: with Rebound they must not multiply its
 * loop (SPEC §4, {@code sdk-retries=suppress}), and their successful calls must not change.
 */
class SdkIT {
  static final String OPENAI_OK =
      "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1764000000,\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi from the server\","
          + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}}";
  static final String OPENAI_503 =
      "{\"error\":{\"message\":\"The server is overloaded or not ready yet.\",\"type\":\"server_error\","
          + "\"param\":null,\"code\":null}}";
  static final String ANTHROPIC_OK =
      "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
          + "\"content\":[{\"type\":\"text\",\"text\":\"Hi from the server\"}],\"stop_reason\":\"end_turn\","
          + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":9,\"output_tokens\":4}}";
  static final String ANTHROPIC_529 =
      "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";

  ScriptedLlmServer server;
  Path dir;

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedLlmServer();
    dir = Files.createTempDirectory("rebound-sdk");
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  String run(String sdk, String... settings) throws Exception {
    ForkedJvm jvm = new ForkedJvm().withAgent(null);
    for (String setting : settings) {
      jvm.jvmArg("-D" + setting);
    }
    ForkedJvm.Result r =
        jvm.jvmArg("-Drebound.hosts=" + server.hostAndPort())
            .jvmArg("-Drebound.retry.base-delay=10ms")
            .jvmArg("-Drebound.retry.max-attempts=3")
            .jvmArg("-Drebound.metrics.file=" + dir.resolve("metrics.jsonl"))
            .jvmArg("-cp")
            .jvmArg(
                String.join(
                    File.pathSeparator,
                    ProbeProcess.testClassPath().stream().map(Path::toString).toList()))
            .args(
                "dev.rebound.it.probes.SdkProbe",
                sdk,
                server.url(sdk.equals("openai") ? "/v1" : ""))
            .run();
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.stdout().trim();
  }

  @Test
  void theOpenAiSdkAgainstAServerThatIsAlwaysDownSendsOnlyReboundsAttempts() throws Exception {
    server.always(503, OPENAI_503);

    String out = run("openai");

    assertThat(out).startsWith("ERROR ");
    // Rebound's 3 attempts; without x-should-retry: false the SDK's 2 retries would make it 9.
    assertThat(server.received()).hasSize(3);
    assertThat(server.received())
        .extracting(r -> r.headers().get("x-stainless-retry-count"))
        .containsOnly("0");
  }

  @Test
  void withSdkRetriesAllowedTheSdkRepeatsReboundsWholeLoop() throws Exception {
    server.always(503, OPENAI_503);

    // The circuit breaker would otherwise stop the third loop after five failures.
    run("openai", "rebound.sdk-retries=allow", "rebound.breaker.failure-threshold=100");

    assertThat(server.received()).hasSize(9);
  }

  @Test
  void theOpenAiSdkSeesOneSuccessAfterReboundRetried() throws Exception {
    server.enqueue(503, OPENAI_503).enqueue(200, OPENAI_OK);

    assertThat(run("openai")).isEqualTo("OK Hi from the server");
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void aSuccessfulOpenAiCallIsUnchanged() throws Exception {
    server.enqueue(200, OPENAI_OK);

    assertThat(run("openai")).isEqualTo("OK Hi from the server");
    Received got = server.received().get(0);
    assertThat(got.path()).isEqualTo("/v1/chat/completions");
    assertThat(got.headers().get("authorization")).isEqualTo("Bearer sk-test-key");
  }

  @Test
  void theAnthropicSdkAgainstAnOverloadedServerSendsOnlyReboundsAttempts() throws Exception {
    server.always(529, ANTHROPIC_529);

    String out = run("anthropic");

    assertThat(out).startsWith("ERROR ");
    assertThat(server.received()).hasSize(3);
  }

  @Test
  void aSuccessfulAnthropicCallIsUnchanged() throws Exception {
    server.enqueue(200, ANTHROPIC_OK);

    assertThat(run("anthropic")).isEqualTo("OK Hi from the server");
    assertThat(server.received()).hasSize(1);
    assertThat(server.received().get(0).path()).isEqualTo("/v1/messages");
  }
}
