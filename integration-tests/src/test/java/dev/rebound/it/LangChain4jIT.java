package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real framework on the JDK client, unchanged: LangChain4j's {@code OpenAiChatModel} with its
 * default JDK HTTP client gets Rebound's retry and fallback.
 */
class LangChain4jIT {
  ScriptedLlmServer server;
  Path dir;

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedLlmServer();
    dir = Files.createTempDirectory("rebound-lc4j");
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  String run(String... settings) throws Exception {
    ForkedJvm jvm = new ForkedJvm().withAgent(null);
    for (String setting : settings) {
      jvm.jvmArg("-D" + setting);
    }
    ForkedJvm.Result r =
        jvm.jvmArg("-Drebound.hosts=" + server.hostAndPort())
            .jvmArg("-Drebound.retry.base-delay=10ms")
            .jvmArg("-Drebound.metrics.file=" + dir.resolve("metrics.jsonl"))
            .jvmArg("-cp")
            .jvmArg(
                String.join(
                    File.pathSeparator,
                    ProbeProcess.testClassPath().stream().map(Path::toString).toList()))
            .args("dev.rebound.it.probes.LangChain4jProbe", server.url("/v1"))
            .run();
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.stdout().trim();
  }

  @Test
  void anOverloadedServerIsRetriedAndTheModelSeesOneAnswer() throws Exception {
    server.enqueue(503, SdkIT.OPENAI_503).enqueue(200, SdkIT.OPENAI_OK);

    assertThat(run()).isEqualTo("OK Hi from the server");
    assertThat(server.received()).hasSize(2);
    assertThat(server.received().get(1).path()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void aMissingModelFallsBackToTheConfiguredOne() throws Exception {
    server
        .enqueue(404, Bodies.read("openai/404-model-not-found.json"))
        .enqueue(200, SdkIT.OPENAI_OK);

    String out = run("rebound.fallback.models=gpt-4o-mini");

    assertThat(out).isEqualTo("OK Hi from the server");
    // LangChain4j pretty-prints its JSON; the rewrite keeps every other byte, so compare compactly.
    assertThat(server.received())
        .extracting(got -> got.body().replaceAll("\\s", ""))
        .satisfiesExactly(
            first -> assertThat(first).contains("\"model\":\"gpt-4o\","),
            second -> assertThat(second).contains("\"model\":\"gpt-4o-mini\","));
    assertThat(server.received().get(1).body())
        .isEqualTo(server.received().get(0).body().replace("\"gpt-4o\"", "\"gpt-4o-mini\""));
  }
}
