package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rebound.it.probes.JdkClosedClientProbe;
import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.Jdks;
import dev.rebound.it.support.OneAnswerServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed JDK client (JDK 21+) is not the network (issue #13): the call is not retried, and the
 * application gets exactly the exception the client throws without Rebound.
 */
class JdkClosedClientIT {
  @TempDir Path dir;

  @Test
  void aClosedClientsCallFailsAtOnceWithTheClientsOwnException() throws Exception {
    Optional<Path> home = Jdks.home(25);
    assumeTrue(home.isPresent(), "no JDK 25 (close() is JDK 21+) on this machine");
    try (OneAnswerServer llm = new OneAnswerServer(200, "{\"choices\":[]}")) {
      Path metrics = dir.resolve("metrics.jsonl");
      ForkedJvm.Result without = run(home.get(), llm, null);
      ForkedJvm.Result with = run(home.get(), llm, metrics);

      assertThat(without.stdout().lines()).hasSize(2).allMatch(l -> l.contains("closed"));
      assertThat(with.stdout()).isEqualTo(without.stdout());
      assertThat(llm.requests()).isZero();
      List<String> calls =
          Files.readAllLines(metrics).stream()
              .filter(l -> l.startsWith("{\"type\":\"call\""))
              .toList();
      assertThat(calls).hasSize(2).allMatch(l -> l.contains("\"attempts\":[]"));
    }
  }

  private static ForkedJvm.Result run(Path home, OneAnswerServer llm, Path metrics)
      throws Exception {
    ForkedJvm jvm = new ForkedJvm().javaHome(home);
    if (metrics != null) {
      jvm.withAgent(null)
          .jvmArg("-Drebound.hosts=" + llm.hostAndPort())
          .jvmArg("-Drebound.retry.base-delay=2s")
          .jvmArg("-Drebound.metrics.file=" + metrics);
    }
    ForkedJvm.Result r =
        jvm.jvmArg("-cp")
            .jvmArg(System.getProperty("java.class.path"))
            .args(JdkClosedClientProbe.class.getName(), llm.url("/v1/chat/completions"))
            .run();
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r;
  }
}
