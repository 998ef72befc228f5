package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The premain in a real JVM: starts, reads its configuration, writes the start record, fails open.
 */
class AgentStartupTest {
  @TempDir Path dir;

  @Test
  void startsWithTheJvmAndWritesStartAndSummaryRecords() throws Exception {
    Path log = dir.resolve("metrics.jsonl");

    ForkedJvm.Result r =
        new ForkedJvm()
            .withAgent(null)
            .jvmArg("-Drebound.metrics.file=" + log)
            .args("-version")
            .run();

    assertThat(r.exitCode()).isZero();
    assertThat(r.stderr()).doesNotContain("rebound:");
    List<String> lines = Files.readAllLines(log);
    assertThat(lines.get(0)).startsWith("{\"type\":\"start\"").contains("\"config\":{");
    assertThat(lines.get(lines.size() - 1)).startsWith("{\"type\":\"summary\"");
  }

  @Test
  void aBadValueDisablesTheAgentWithOneLineAndTheJvmRunsOn() throws Exception {
    Path log = dir.resolve("metrics.jsonl");

    ForkedJvm.Result r =
        new ForkedJvm()
            .withAgent(null)
            .jvmArg("-Drebound.retry.max-attempts=zero")
            .jvmArg("-Drebound.metrics.file=" + log)
            .args("-version")
            .run();

    assertThat(r.exitCode()).isZero();
    assertThat(r.stderr().lines().filter(l -> l.startsWith("rebound: ")))
        .containsExactly(
            "rebound: disabled: rebound.retry.max-attempts=zero: expected an integer >= 1");
    assertThat(log).doesNotExist();
  }

  @Test
  void anUnknownKeyIsOneWarningAndTheAgentRuns() throws Exception {
    Path log = dir.resolve("metrics.jsonl");

    ForkedJvm.Result r =
        new ForkedJvm()
            .withAgent(null)
            .jvmArg("-Drebound.retry.max-atempts=4")
            .jvmArg("-Drebound.metrics.file=" + log)
            .args("-version")
            .run();

    assertThat(r.exitCode()).isZero();
    assertThat(r.stderr().lines().filter(l -> l.startsWith("rebound: ")))
        .containsExactly("rebound: unknown key rebound.retry.max-atempts (ignored)");
    assertThat(log).exists();
  }

  @Test
  void theAgentArgumentNamesAPropertiesFile() throws Exception {
    Path log = dir.resolve("from-file.jsonl");
    Path props = dir.resolve("rebound.properties");
    Files.writeString(props, "rebound.metrics.file=" + log + "\nrebound.retry.max-attempts=4\n");

    ForkedJvm.Result r = new ForkedJvm().withAgent("config=" + props).args("-version").run();

    assertThat(r.exitCode()).isZero();
    assertThat(Files.readAllLines(log).get(0)).contains("\"rebound.retry.max-attempts\":\"4\"");
  }

  @Test
  void enabledFalseInstallsNothingAndPrintsNothing() throws Exception {
    Path log = dir.resolve("metrics.jsonl");

    ForkedJvm.Result r =
        new ForkedJvm()
            .withAgent(null)
            .args("-version")
            .run(Map.of("REBOUND_ENABLED", "false", "REBOUND_METRICS_FILE", log.toString()));

    assertThat(r.exitCode()).isZero();
    assertThat(r.stderr()).doesNotContain("rebound");
    assertThat(log).doesNotExist();
  }

  @Test
  void theJarIsAlsoACommandLine() throws Exception {
    ForkedJvm.Result version =
        new ForkedJvm().args("-jar", ForkedJvm.agentJar().toString(), "version").run();
    ForkedJvm.Result unknown =
        new ForkedJvm().args("-jar", ForkedJvm.agentJar().toString(), "frobnicate").run();

    assertThat(version.exitCode()).isZero();
    assertThat(version.stdout()).startsWith("rebound 0.1.0");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("unknown command 'frobnicate'").contains("usage:");
  }
}
