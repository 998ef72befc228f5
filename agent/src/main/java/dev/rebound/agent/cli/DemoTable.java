package dev.rebound.agent.cli;

import java.io.PrintStream;
import java.util.Locale;

/** The demo's side-by-side comparison. Stateless. */
final class DemoTable {
  private DemoTable() {}

  static void print(PrintStream out, Terminal t, DemoRun without, DemoRun with) {
    out.printf(Locale.ROOT, "  %-24s %18s %18s%n", "", "without Rebound", "with Rebound");
    row(out, "calls", Integer.toString(without.calls), Integer.toString(with.calls));
    String a =
        without.succeeded + " (" + ReportPrinter.percent(without.succeeded, without.calls) + ")";
    String b = with.succeeded + " (" + ReportPrinter.percent(with.succeeded, with.calls) + ")";
    out.printf(
        Locale.ROOT,
        "  %-24s %s %s%n",
        "succeeded",
        color(t, a, without.succeeded == without.calls),
        color(t, b, with.succeeded == with.calls));
    row(
        out,
        "failed",
        Integer.toString(without.calls - without.succeeded),
        Integer.toString(with.calls - with.succeeded));
    row(out, "requests sent", Integer.toString(without.requests), Integer.toString(with.requests));
    row(
        out,
        "answered by the fallback",
        Integer.toString(without.answeredByFallback),
        Integer.toString(with.answeredByFallback));
    row(
        out,
        "p50 latency",
        ms(LogReport.percentile(without.latencies, 50)),
        ms(LogReport.percentile(with.latencies, 50)));
    row(
        out,
        "p99 latency",
        ms(LogReport.percentile(without.latencies, 99)),
        ms(LogReport.percentile(with.latencies, 99)));
  }

  private static void row(PrintStream out, String name, String a, String b) {
    out.printf(Locale.ROOT, "  %-24s %18s %18s%n", name, a, b);
  }

  private static String color(Terminal t, String text, boolean good) {
    String padded = String.format(Locale.ROOT, "%18s", text);
    return good ? t.green(padded) : t.red(padded);
  }

  private static String ms(double millis) {
    return String.format(Locale.ROOT, "%.0f ms", millis);
  }
}
