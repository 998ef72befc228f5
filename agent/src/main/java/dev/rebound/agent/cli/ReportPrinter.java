package dev.rebound.agent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a {@link LogReport} for a person, or as one JSON object. Stateless. */
final class ReportPrinter {
  private ReportPrinter() {}

  static void text(LogReport r, Path file, boolean truncatedLast, PrintStream out) {
    out.println("Rebound metrics log " + file);
    if (r.records == 0) {
      out.println("  no records yet");
      return;
    }
    out.printf(
        Locale.ROOT,
        "  span        %s .. %s (%s)%s%n",
        r.firstTs,
        r.lastTs,
        span(r),
        r.version == null ? "" : ", Rebound " + r.version);
    out.printf(
        Locale.ROOT, "  calls       %d managed, %d passed through%n", r.calls, r.passthrough);
    out.println("  outcomes    " + joined(r.outcomes));
    out.printf(Locale.ROOT, "  success     %s%n", percent(r.succeeded(), r.calls));
    out.printf(
        Locale.ROOT,
        "  latency     p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        LogReport.percentile(r.latencies, 50),
        LogReport.percentile(r.latencies, 90),
        LogReport.percentile(r.latencies, 99),
        LogReport.percentile(r.latencies, 100));
    out.printf(
        Locale.ROOT,
        "  attempts    %d (%d beyond the first of each call)%n",
        r.attempts,
        Math.max(0, r.attempts - r.calls + r.outcomes.getOrDefault("short_circuited", 0L)));
    out.println("  classes     " + (r.classes.isEmpty() ? "no failed attempt" : joined(r.classes)));
    if (!r.models.isEmpty()) {
      out.printf(
          Locale.ROOT,
          "  models      %-34s %7s %8s %9s %9s%n",
          "(requested)",
          "calls",
          "success",
          "p50 ms",
          "p99 ms");
      r.models.forEach(
          (model, m) ->
              out.printf(
                  Locale.ROOT,
                  "              %-34s %7d %8s %9.1f %9.1f%n",
                  model,
                  m.calls,
                  percent(m.succeeded, m.calls),
                  LogReport.percentile(m.latencies, 50),
                  LogReport.percentile(m.latencies, 99)));
    }
    out.println(
        "  breaker     "
            + (r.breakerEvents.isEmpty() ? "no state change" : joined(r.breakerEvents)));
    out.printf(
        Locale.ROOT,
        "  dropped     %d records; agent errors %d; unmanaged bodies %d; budget denied %d%n",
        r.dropped,
        r.agentErrors,
        r.unmanagedBody,
        r.budgetDenied);
    if (r.skippedLines > 0) {
      out.printf(
          Locale.ROOT,
          "  note        %d line(s) skipped%s%n",
          r.skippedLines,
          truncatedLast ? " (the last line was cut short: the JVM stopped while writing it)" : "");
    }
  }

  static void json(LogReport r, Path file, PrintStream out) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
      g.writeStartObject();
      g.writeStringField("file", file.toString());
      g.writeStringField("from", r.firstTs);
      g.writeStringField("to", r.lastTs);
      g.writeStringField("version", r.version);
      g.writeNumberField("records", r.records);
      g.writeNumberField("skipped_lines", r.skippedLines);
      g.writeNumberField("calls", r.calls);
      g.writeNumberField("passthrough", r.passthrough);
      counts(g, "outcomes", r.outcomes);
      g.writeNumberField("success_rate", r.calls == 0 ? 0 : (double) r.succeeded() / r.calls);
      latency(g, r.latencies);
      g.writeNumberField("attempts", r.attempts);
      counts(g, "classes", r.classes);
      g.writeObjectFieldStart("models");
      for (Map.Entry<String, LogReport.ModelFigures> e : r.models.entrySet()) {
        g.writeObjectFieldStart(e.getKey());
        g.writeNumberField("calls", e.getValue().calls);
        g.writeNumberField("success", e.getValue().succeeded);
        latency(g, e.getValue().latencies);
        g.writeEndObject();
      }
      g.writeEndObject();
      counts(g, "breaker", r.breakerEvents);
      g.writeNumberField("dropped", r.dropped);
      g.writeNumberField("agent_errors", r.agentErrors);
      g.writeNumberField("unmanaged_body", r.unmanagedBody);
      g.writeNumberField("budget_denied", r.budgetDenied);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println(text);
  }

  private static void counts(JsonGenerator g, String name, Map<String, Long> counts)
      throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      g.writeNumberField(String.valueOf(e.getKey()), e.getValue());
    }
    g.writeEndObject();
  }

  private static void latency(JsonGenerator g, List<Double> values) throws IOException {
    g.writeObjectFieldStart("latency_ms");
    g.writeNumberField("p50", LogReport.percentile(values, 50));
    g.writeNumberField("p90", LogReport.percentile(values, 90));
    g.writeNumberField("p99", LogReport.percentile(values, 99));
    g.writeNumberField("max", LogReport.percentile(values, 100));
    g.writeEndObject();
  }

  private static String joined(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  static String percent(long part, long whole) {
    return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }

  private static String span(LogReport r) {
    try {
      Duration d = Duration.between(Instant.parse(r.firstTs), Instant.parse(r.lastTs));
      return d.toMinutes() + "m " + d.toSecondsPart() + "s";
    } catch (DateTimeParseException e) {
      return "unknown length";
    }
  }
}
