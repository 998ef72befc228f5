package dev.rebound.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code report <log> [--json]} (SPEC §7): reads a metrics log and prints what it says. A truncated
 * last line (a JVM killed mid-write) is skipped with a note; a file with no Rebound record in it is
 * an error. Confined to the calling thread.
 */
final class ReportCommand {
  private ReportCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    boolean json = args.contains("--json");
    List<String> files = args.stream().filter(a -> !a.equals("--json")).toList();
    if (files.size() != 1) {
      err.println(
          "rebound: usage: java -jar rebound-agent.jar report <metrics-log.jsonl> [--json]");
      return Cli.USAGE_ERROR;
    }
    Path file = Path.of(files.get(0));
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("rebound: cannot read " + file + ": " + e.getMessage());
      return Cli.USAGE_ERROR;
    }
    LogReport report = new LogReport();
    boolean truncatedLast = false;
    int nonBlank = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      nonBlank++;
      if (!(JsonTree.parse(line) instanceof Map<?, ?> record) || !addRecord(report, record)) {
        report.skippedLines++;
        truncatedLast = i == lines.size() - 1;
      }
    }
    if (nonBlank > 0 && report.records == 0) {
      err.println(
          "rebound: "
              + file
              + " is not a Rebound metrics log (no start, call, summary or breaker record)");
      return Cli.USAGE_ERROR;
    }
    if (json) {
      ReportPrinter.json(report, file, out);
    } else {
      ReportPrinter.text(report, file, truncatedLast, out);
    }
    return 0;
  }

  @SuppressWarnings("unchecked")
  private static boolean addRecord(LogReport report, Map<?, ?> record) {
    return report.add((Map<String, Object>) record);
  }
}
