package dev.rebound.agent.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a metrics log says, summed up (SPEC §7 {@code report}): built record by record from {@code
 * call} records (exact), {@code summary} records (what call records cannot say: dropped records,
 * agent errors, pass-through calls) and {@code breaker} records. Unknown fields and record types
 * are ignored. Confined to one thread.
 */
final class LogReport {
  String firstTs;
  String lastTs;
  String version;
  int records;
  int skippedLines;
  long calls;
  final Map<String, Long> outcomes = new TreeMap<>();
  final Map<String, Long> classes = new TreeMap<>();
  final Map<String, ModelFigures> models = new TreeMap<>();
  final List<Double> latencies = new ArrayList<>();
  final Map<String, Long> breakerEvents = new TreeMap<>();
  long attempts;
  long dropped;
  long agentErrors;
  long unmanagedBody;
  long budgetDenied;
  long passthrough;

  /** Per requested model. */
  static final class ModelFigures {
    long calls;
    long succeeded;
    final List<Double> latencies = new ArrayList<>();
  }

  /** Adds one record; false when it is not a Rebound record. */
  @SuppressWarnings("unchecked")
  boolean add(Map<String, Object> record) {
    Object type = record.get("type");
    if (!(type instanceof String) || !(record.get("ts") instanceof String ts)) {
      return false;
    }
    switch ((String) type) {
      case "start" -> version = text(record.get("version"));
      case "call" -> addCall(record);
      case "summary" -> addSummary(record);
      case "breaker" -> breakerEvents.merge(text(record.get("state")), 1L, Long::sum);
      default -> {
        return false;
      }
    }
    records++;
    if (firstTs == null) {
      firstTs = ts;
    }
    lastTs = ts;
    return true;
  }

  @SuppressWarnings("unchecked")
  private void addCall(Map<String, Object> r) {
    calls++;
    String outcome = text(r.get("outcome"));
    outcomes.merge(outcome, 1L, Long::sum);
    boolean ok = isSuccess(outcome);
    double ms = number(r.get("total_ms"));
    if (!"short_circuited".equals(outcome)) {
      latencies.add(ms);
    }
    if (r.get("attempts") instanceof List<?> list) {
      for (Object a : list) {
        attempts++;
        if (a instanceof Map<?, ?> attempt && !"SUCCESS".equals(attempt.get("class"))) {
          classes.merge(text(attempt.get("class")), 1L, Long::sum);
        }
      }
    }
    String model = text(r.get("model_requested"));
    if (model != null) {
      ModelFigures m = models.computeIfAbsent(model, k -> new ModelFigures());
      m.calls++;
      m.succeeded += ok ? 1 : 0;
      m.latencies.add(ms);
    }
  }

  private void addSummary(Map<String, Object> r) {
    dropped += (long) number(r.get("dropped"));
    agentErrors += (long) number(r.get("agent_errors"));
    unmanagedBody += (long) number(r.get("unmanaged_body"));
    budgetDenied += (long) number(r.get("budget_denied"));
    if (r.get("outcomes") instanceof Map<?, ?> o) {
      passthrough += (long) number(o.get("passthrough"));
    }
  }

  long succeeded() {
    return outcomes.entrySet().stream()
        .filter(e -> isSuccess(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  static boolean isSuccess(String outcome) {
    return "success".equals(outcome)
        || "retry_success".equals(outcome)
        || "fallback_success".equals(outcome);
  }

  /** The {@code p}-th percentile (0..100) of {@code values}, nearest rank; 0 when empty. */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static String text(Object o) {
    return o instanceof String s ? s : null;
  }

  private static double number(Object o) {
    return o instanceof Double d ? d : 0;
  }
}
