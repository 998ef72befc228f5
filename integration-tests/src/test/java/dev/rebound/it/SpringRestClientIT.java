package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import dev.rebound.it.support.ScriptedLlmServer.Received;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spring's {@code RestClient} on HttpClient 5: its request entity only writes, is one-shot unless
 * Spring knows the body repeatable, and has a known length (SPEC §2); Rebound reads it once and
 * sends its copy for each attempt, rewritten for a fallback. Spring calls HttpClient 5's {@code
 * executeOpen}, which reaches the hooked {@code doExecute}.
 */
class SpringRestClientIT {
  static final String MODEL = "openai/gpt-4o";
  static final String FALLBACK = "anthropic/claude-sonnet-4.5";

  @Test
  void aRestClientOnTheJdkClientWithAnObjectBodyIsRetriedAndFallsBack() throws Exception {
    assertRetriedAndFallsBack("jdk", "object");
  }

  @Test
  void aRestClientCallIsRetriedAndFallsBackWithSpringsOneShotBody() throws Exception {
    assertRetriedAndFallsBack("hc5", "string");
  }

  /** Two calls: a 503 then a success; a model without endpoints, then the fallback's success. */
  private static void assertRetriedAndFallsBack(String factory, String body) throws Exception {
    try (ScriptedLlmServer server = new ScriptedLlmServer()) {
      server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
      server.enqueue(200, Bodies.COMPLETION);
      server.enqueue(404, Bodies.read("openrouter/404-no-endpoints-tool-use.json"));
      server.enqueue(200, Bodies.COMPLETION);
      String request = Bodies.chatRequest(MODEL);
      Path dir = Files.createTempDirectory("rebound-spring");

      ForkedJvm.Result r =
          new ForkedJvm()
              .withAgent(null)
              .jvmArg("-Drebound.hosts=" + server.hostAndPort())
              .jvmArg("-Drebound.retry.base-delay=10ms")
              .jvmArg("-Drebound.metrics.file=" + dir.resolve("metrics.jsonl"))
              .jvmArg("-Dprobe.factory=" + factory)
              .jvmArg("-Dprobe.body=" + body)
              .jvmArg("-cp")
              .jvmArg(
                  String.join(
                      File.pathSeparator,
                      ProbeProcess.testClassPath().stream().map(Path::toString).toList()))
              .args(
                  "dev.rebound.it.probes.SpringRestClientProbe",
                  server.url("/api/v1/chat/completions"),
                  request,
                  "none/none",
                  request,
                  FALLBACK)
              .run();

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout().lines().toList())
          .containsExactly(
              "200 2 " + MODEL + " " + Bodies.COMPLETION,
              "200 2 " + FALLBACK + " " + Bodies.COMPLETION);
      List<Received> got = server.received();
      assertThat(got)
          .extracting(Received::body)
          .containsExactly(request, request, request, request.replace(MODEL, FALLBACK));
      assertThat(got).allSatisfy(g -> assertThat(g.headers().get("x-rebound-fallback")).isNull());
    }
  }
}
