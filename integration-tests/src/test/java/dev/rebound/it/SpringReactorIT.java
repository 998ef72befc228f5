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
 * Spring on Reactor Netty, unchanged code with the agent: {@code WebClient} on its default
 * connector ({@code bodyValue}, {@code retrieve()}, {@code bodyToFlux} of a stream, {@code
 * exchangeToMono}) and {@code RestClient} on {@code ReactorClientHttpRequestFactory}. Spring's
 * request body is a publisher read once: Rebound sends its copy on each attempt, rewritten for a
 * fallback. Spring Framework 6.2 on Reactor Netty 1.2, and 7.0 on 1.3.
 */
class SpringReactorIT {
  static final String MODEL = "openai/gpt-4o";
  static final String FALLBACK = "anthropic/claude-sonnet-4.5";
  static final String DOWN = "{\"error\":{\"code\":503,\"message\":\"down\"}}";

  @Test
  void spring62OnReactorNetty12() throws Exception {
    assertManaged("reactor-netty-12");
  }

  @Test
  void spring70OnReactorNetty13() throws Exception {
    assertManaged("reactor-netty-13");
  }

  private static void assertManaged(String classPath) throws Exception {
    try (ScriptedLlmServer server = new ScriptedLlmServer()) {
      server.enqueue(503, DOWN);
      server.enqueue(200, Bodies.COMPLETION);
      server.enqueue(404, Bodies.read("openrouter/404-no-endpoints-tool-use.json"));
      server.enqueue(200, Bodies.COMPLETION);
      String error = Bodies.read("openrouter/stream-error-chunk-server.json").replace("\n", "");
      server.enqueueStream(": OPENROUTER PROCESSING\n\ndata: " + error + "\n\n", 4096, 1);
      String event = "{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}";
      server.enqueueStream("data: " + event + "\n\ndata: [DONE]\n\n", 4096, 1);
      String badRequest = "{\"error\":{\"code\":400,\"message\":\"bad\"}}";
      server.enqueue(400, badRequest);
      server.enqueue(503, DOWN);
      server.enqueue(200, Bodies.COMPLETION);
      String request = Bodies.chatRequest(MODEL);
      String stream = Bodies.streamRequest(MODEL);
      Path dir = Files.createTempDirectory("rebound-spring-reactor");

      ForkedJvm.Result r =
          new ForkedJvm()
              .withAgent(null)
              .jvmArg("-Drebound.hosts=" + server.hostAndPort())
              .jvmArg("-Drebound.retry.base-delay=10ms")
              .jvmArg("-Drebound.fallback.models=" + FALLBACK)
              .jvmArg("-Drebound.metrics.file=" + dir.resolve("metrics.jsonl"))
              .jvmArg("-cp")
              .jvmArg(classPath(classPath))
              .args(
                  "dev.rebound.it.probes.SpringReactorProbe",
                  server.url("/api/v1/chat/completions"),
                  "web",
                  request,
                  "web",
                  request,
                  "stream",
                  stream,
                  "exchange",
                  request,
                  "rest",
                  request)
              .run();

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout().lines().toList())
          .containsExactly(
              "200 2 " + MODEL + " " + Bodies.COMPLETION,
              "200 2 " + FALLBACK + " " + Bodies.COMPLETION,
              "stream " + event + "|[DONE]",
              "400 false " + badRequest,
              "200 2 " + MODEL + " " + Bodies.COMPLETION);
      List<Received> got = server.received();
      assertThat(got).hasSize(9);
      assertThat(got.subList(0, 4))
          .extracting(Received::body)
          .containsExactly(request, request, request, request.replace(MODEL, FALLBACK));
      // The stream's error event came before any content: sent again (same model or not).
      assertThat(got.get(4).body()).isEqualTo(stream);
      assertThat(got.get(5).body()).contains("\"stream\":true");
      assertThat(got.subList(6, 9)).extracting(Received::body).containsOnly(request);
      assertThat(got)
          .allSatisfy(
              g -> assertThat(g.headers().get("content-type")).startsWith("application/json"));
    }
  }

  private static String classPath(String project) throws Exception {
    Path file =
        Paths.get(System.getProperty("rebound.reactor-netty.dir"), project, "target/classpath.txt");
    return Paths.get("target/test-classes").toAbsolutePath()
        + File.pathSeparator
        + Files.readString(file).strip();
  }
}
