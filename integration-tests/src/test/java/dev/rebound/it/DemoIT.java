package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's second command, as a new user runs it: {@code java -jar rebound-agent.jar demo}. */
class DemoIT {
  static final Pattern ROW =
      Pattern.compile("^\\s+(.+?)\\s{2,}(\\S+(?: \\(\\S+\\))?)\\s+(\\S+(?: \\(\\S+\\))?)$");

  @Test
  void theDemoShowsWhatReboundSavedAndTheNumbersAddUp() throws Exception {
    long start = System.nanoTime();
    ForkedJvm.Result r =
        new ForkedJvm().args("-jar", ForkedJvm.agentJar().toString(), "demo").run();
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(seconds).isLessThan(30);
    List<String> out = r.stdout().lines().toList();
    String[] calls = row(out, "calls");
    String[] succeeded = row(out, "succeeded");
    String[] requests = row(out, "requests sent");
    String[] fallback = row(out, "answered by the fallback");
    assertThat(calls).containsExactly("40", "40");
    // Without Rebound every fault reaches the application; with it, every call succeeds.
    assertThat(count(succeeded[0])).isLessThan(40);
    assertThat(succeeded[1]).isEqualTo("40 (100.0%)");
    assertThat(Integer.parseInt(requests[0])).isEqualTo(40);
    assertThat(Integer.parseInt(requests[1])).isGreaterThan(40);
    assertThat(Integer.parseInt(fallback[0])).isZero();
    assertThat(Integer.parseInt(fallback[1])).isGreaterThanOrEqualTo(4);
    // The metrics log it names holds the same calls and requests.
    Path log =
        Path.of(
            out.stream()
                .filter(l -> l.startsWith("metrics log:"))
                .findFirst()
                .orElseThrow()
                .substring(12)
                .trim());
    List<String> callRecords =
        Files.readAllLines(log).stream().filter(l -> l.startsWith("{\"type\":\"call\"")).toList();
    assertThat(callRecords).hasSize(40);
    long attempts = callRecords.stream().mapToLong(l -> l.split("\"class\":").length - 1).sum();
    assertThat(attempts).isEqualTo(Integer.parseInt(requests[1]));
  }

  static String[] row(List<String> out, String name) {
    for (String line : out) {
      Matcher m = ROW.matcher(line);
      if (m.matches() && m.group(1).trim().equals(name)) {
        return new String[] {m.group(2), m.group(3)};
      }
    }
    throw new AssertionError("no row '" + name + "' in\n" + String.join("\n", out));
  }

  static int count(String cell) {
    return Integer.parseInt(cell.split(" ")[0]);
  }
}
