package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.MixedFaults;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mixed failures over every blocking client for a while: every call answered, the thread count
 * flat, the heap back to its baseline after a GC, no connection left leased. CI runs a short form
 * (1,500 calls per client); {@code -Drebound.soak.seconds=120} runs the two-minute soak.
 */
class SoakIT {
  static final String AMOUNT =
      System.getProperty("rebound.soak.seconds") == null
          ? "1500"
          : System.getProperty("rebound.soak.seconds") + "s";

  @ParameterizedTest(name = "{0}")
  @CsvSource({"okhttp, okhttp-", "jdk, ", "apache5, httpclient5-"})
  void mixedFailuresLeaveNothingBehind(String client, String folder) throws Exception {
    try (ScriptedLlmServer server = new ScriptedLlmServer()) {
      server.serveWith(new MixedFaults(7));
      Path dir = Files.createTempDirectory("rebound-soak");
      List<Path> cp = new ArrayList<>();
      if (folder == null) {
        cp.add(Path.of("target/test-classes").toAbsolutePath());
      } else {
        String version =
            System.getProperty(
                client.equals("okhttp")
                    ? "rebound.okhttp4.version"
                    : "rebound.httpclient5.version");
        cp.addAll(ProbeProcess.clientClassPath(folder + version));
      }

      ForkedJvm.Result r =
          new ForkedJvm()
              .withAgent(null)
              .jvmArg("-Drebound.hosts=" + server.hostAndPort())
              .jvmArg("-Drebound.retry.base-delay=1ms")
              .jvmArg("-Drebound.retry.max-delay=5ms")
              // A circuit that opens (five failures in a row) holds the calls for its probe:
              // briefly.
              .jvmArg("-Drebound.breaker.open-duration=200ms")
              .jvmArg("-Drebound.metrics.file=" + dir.resolve("metrics.jsonl"))
              .jvmArg("-Xmx256m")
              .jvmArg("-cp")
              .jvmArg(String.join(File.pathSeparator, cp.stream().map(Path::toString).toList()))
              .args(
                  "dev.rebound.it.probes.LoadProbe",
                  client,
                  server.url("/api/v1/chat/completions"),
                  AMOUNT,
                  "16")
              .run();

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      List<String> out = r.stdout().lines().toList();
      assertThat(out).noneMatch(l -> l.startsWith("HUNG"));
      long answered = Long.parseLong(ProtectionsIT.line(out, "ANSWERED").substring(9));
      if (!AMOUNT.endsWith("s")) {
        assertThat(answered).isEqualTo(Long.parseLong(AMOUNT));
      }
      assertThat(ProtectionsIT.line(out, "OUTCOMES")).doesNotContain("exception");
      List<String> before = ProtectionsIT.names(ProtectionsIT.line(out, "THREADS-BEFORE"));
      List<String> after = ProtectionsIT.names(ProtectionsIT.line(out, "THREADS-AFTER"));
      // Only a client's own pool threads may come and go; none of Rebound's, none of the callers'.
      assertThat(after)
          .filteredOn(n -> !before.contains(n))
          .allMatch(n -> n.startsWith("OkHttp") || n.startsWith("HttpClient-"));
      assertThat(after).noneMatch(n -> n.startsWith("pool-"));
      String[] heap = ProtectionsIT.line(out, "HEAP").split(" ");
      assertThat(Long.parseLong(heap[2]) - Long.parseLong(heap[1])).isLessThan(16L << 20);
      assertThat(ProtectionsIT.line(out, "LEASED")).isIn("LEASED 0", "LEASED -1");
    }
  }
}
