package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rebound's own Byte Buddy, jackson-core and HdrHistogram never clash with the application's. */
class IsolationIT {

  @Test
  void anAppWithItsOwnByteBuddyJacksonAndHdrHistogramRunsWithTheAgentAndBothWork()
      throws Exception {
    try (ScriptedLlmServer server = new ScriptedLlmServer()) {
      server
          .enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}")
          .enqueue(200, "{\"ok\":true}");
      Path dir = Files.createTempDirectory("rebound-isolation");
      List<Path> cp =
          new java.util.ArrayList<>(
              ProbeProcess.clientClassPath(
                  "okhttp-" + System.getProperty("rebound.okhttp4.version")));
      try (Stream<Path> jars =
          Files.list(Paths.get(System.getProperty("rebound.clients.dir"), "app-libraries"))) {
        jars.sorted().forEach(cp::add);
      }

      ForkedJvm.Result r =
          new ForkedJvm()
              .withAgent(null)
              .jvmArg("-Drebound.hosts=" + server.hostAndPort())
              .jvmArg("-Drebound.retry.base-delay=10ms")
              .jvmArg("-Drebound.metrics.file=" + dir.resolve("metrics.jsonl"))
              .jvmArg("-cp")
              .jvmArg(String.join(File.pathSeparator, cp.stream().map(Path::toString).toList()))
              .args("dev.rebound.it.probes.IsolationProbe", server.url("/api/v1/chat/completions"))
              .run();

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout())
          .contains("BYTEBUDDY byte-buddy-1.14.18.jar made by the app's Byte Buddy")
          .contains("JACKSON 2.13.5 42")
          .contains("HDRHISTOGRAM 7")
          .contains("CALL 200 2");
      assertThat(Files.readString(dir.resolve("metrics.jsonl")))
          .contains("\"outcome\":\"retry_success\"");
    }
  }
}
