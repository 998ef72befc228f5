package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.ScriptedLlmServer;
import dev.rebound.it.support.ScriptedLlmServer.Received;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spring AI 1.1's OpenAI chat model on Reactor Netty, unchanged code with the agent: its calls go
 * through {@code RestClient} on {@code ReactorClientHttpRequestFactory}, whose Jackson body has no
 * length (read ahead, SPEC §2), its streams through {@code WebClient}. The application is {@code
 * src/it/spring-ai-11}.
 */
class SpringAiReactorIT {
  static final String MODEL = "openai/gpt-4o";

  @Test
  void aChatCallAndAChatStreamAreRetried() throws Exception {
    try (ScriptedLlmServer server = new ScriptedLlmServer()) {
      server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
      server.enqueue(200, Bodies.COMPLETION);
      String error = Bodies.read("openrouter/stream-error-chunk-server.json").replace("\n", "");
      server.enqueueStream(": OPENROUTER PROCESSING\n\ndata: " + error + "\n\n", 4096, 1);
      String chunk =
          "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\""
              + MODEL
              + "\",\"choices\":[{\"index\":0,"
              + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}";
      server.enqueueStream("data: " + chunk + "\n\ndata: [DONE]\n\n", 4096, 1);
      Path dir = Files.createTempDirectory("rebound-spring-ai");

      ForkedJvm.Result r =
          new ForkedJvm()
              .withAgent(null)
              .jvmArg("-Drebound.hosts=" + server.hostAndPort())
              .jvmArg("-Drebound.retry.base-delay=10ms")
              .jvmArg("-Drebound.metrics.file=" + dir.resolve("metrics.jsonl"))
              .jvmArg("-cp")
              .jvmArg(classPath())
              .args(
                  "dev.rebound.it.springai.SpringAiProbe", "http://" + server.hostAndPort(), MODEL)
              .run();

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout().lines().toList()).containsExactly("call Hi!", "stream Hi");
      List<Received> got = server.received();
      assertThat(got).hasSize(4);
      assertThat(got).extracting(Received::path).containsOnly("/v1/chat/completions");
      // Spring's Jackson body went chunked, read once: the retry carries the same bytes.
      assertThat(got.get(1).body())
          .isEqualTo(got.get(0).body())
          .contains("\"model\":\"" + MODEL + "\"");
      assertThat(got.get(3).body()).isEqualTo(got.get(2).body()).contains("\"stream\":true");
    }
  }

  private static String classPath() throws Exception {
    Path app = Paths.get(System.getProperty("rebound.reactor-netty.dir"), "spring-ai-11", "target");
    return app.resolve("classes")
        + File.pathSeparator
        + Files.readString(app.resolve("classpath.txt")).strip();
  }
}
