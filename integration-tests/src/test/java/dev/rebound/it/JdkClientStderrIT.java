package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rebound.it.probes.JdkStderrProbe;
import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.Jdks;
import dev.rebound.it.support.OneAnswerServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDK client's hook puts nothing on the boot class path: an application that uses the JDK
 * client prints nothing extra on its stderr (no "Sharing is only supported for boot loader classes"
 * from the JVM) and keeps class-data sharing, on JDK 17 and 25, while its LLM call is managed; the
 * attempt's body is read by a subscriber the JDK treats as its own (Rebound's class that adds the
 * JDK's internal marker to it could be defined).
 */
class JdkClientStderrIT {

  @TempDir Path dir;

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(ints = {17, 25})
  void aJdkClientApplicationPrintsNothingExtraAndKeepsClassDataSharing(int feature)
      throws Exception {
    Optional<Path> home = Jdks.home(feature);
    assumeTrue(home.isPresent(), "no JDK " + feature + " on this machine");
    try (OneAnswerServer llm = new OneAnswerServer(200, "{\"choices\":[]}");
        OneAnswerServer other = new OneAnswerServer(200, "{}")) {
      Path withoutLog = dir.resolve("without-" + feature + ".log");
      Path withLog = dir.resolve("with-" + feature + ".log");
      ForkedJvm.Result without = probe(home.get(), llm, other, withoutLog, false);
      ForkedJvm.Result with = probe(home.get(), llm, other, withLog, true);

      assertThat(without.stdout().lines()).containsExactly("200 -", "200 -");
      assertThat(with.exitCode()).as(with.stderr()).isZero();
      assertThat(with.stdout().lines())
          .as("the LLM call was managed")
          .containsExactly("200 1", "200 -");
      assertThat(with.stderr()).as("stderr of the application").isEmpty();
      Set<String> sharedWithout = sharedClasses(withoutLog);
      Set<String> loadedWith = loadedClasses(withLog);
      Set<String> sharedWith = sharedClasses(withLog);
      List<String> noLongerShared =
          sharedWithout.stream()
              .filter(loadedWith::contains)
              .filter(c -> !sharedWith.contains(c))
              .toList();
      assertThat(sharedWithout).as("classes from the shared archive").isNotEmpty();
      assertThat(noLongerShared).as("classes no longer from the shared archive").isEmpty();
      assertThat(loadedWith)
          .as(
              "the attempt's body is read as one of the JDK's own, with no hand-off to its executor")
          .contains("dev.rebound.agent.instrument.jdk.HeldBody$Trusted");
    }
  }

  private static ForkedJvm.Result probe(
      Path home, OneAnswerServer llm, OneAnswerServer other, Path classLoads, boolean agent)
      throws Exception {
    ForkedJvm jvm = new ForkedJvm().javaHome(home);
    if (agent) {
      jvm.withAgent(null)
          .jvmArg("-Drebound.hosts=" + llm.hostAndPort())
          .jvmArg("-Drebound.metrics.file=off");
    }
    return jvm.jvmArg("-Xlog:class+load=info:file=" + classLoads)
        .jvmArg("-cp")
        // The probe's own classes only: a tiny application, with no library of the test's own.
        .jvmArg(
            Path.of(
                    JdkStderrProbe.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString())
        .args(JdkStderrProbe.class.getName(), llm.url("/v1/chat/completions"), other.url("/x"))
        .run();
  }

  private static Set<String> sharedClasses(Path log) throws IOException {
    return classes(log, true);
  }

  private static Set<String> loadedClasses(Path log) throws IOException {
    return classes(log, false);
  }

  /**
   * Class names of {@code -Xlog:class+load} lines ({@code [..][info][class,load] NAME source:
   * ...}).
   */
  private static Set<String> classes(Path log, boolean sharedOnly) throws IOException {
    Set<String> names = new HashSet<>();
    for (String line : Files.readAllLines(log)) {
      int start = line.indexOf("[class,load] ");
      int end = line.indexOf(" source: ");
      if (start >= 0 && end > start && (!sharedOnly || line.contains("shared objects file"))) {
        names.add(line.substring(start + "[class,load] ".length(), end));
      }
    }
    return names;
  }
}
