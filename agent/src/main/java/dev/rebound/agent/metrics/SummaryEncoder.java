package dev.rebound.agent.metrics;

import dev.rebound.api.Classification;
import dev.rebound.api.Outcome;

/** Writes the fields of a {@code summary} record (SPEC §6). Stateless and thread-safe. */
final class SummaryEncoder {

  private SummaryEncoder() {}

  static void write(JsonLine json, Summary summary) {
    json.text("type", "summary");
    json.text("ts", JsonFields.timestamp(summary.tsMillis()));
    json.number("interval_s", summary.intervalSeconds());
    json.number("calls", summary.calls());
    // Every outcome, zeros too: a reader finds the same keys in every summary.
    json.startObject("outcomes");
    for (Outcome outcome : Outcome.values()) {
      json.number(outcome.wireName(), summary.outcomes().getOrDefault(outcome, 0L));
    }
    json.endObject();
    // Only classes that occurred: twelve zeros per minute would bury the one that matters.
    json.startObject("classes");
    for (Classification classification : Classification.values()) {
      long count = summary.classes().getOrDefault(classification, 0L);
      if (count > 0) {
        json.number(classification.name(), count);
      }
    }
    json.endObject();
    json.number("attempts", summary.attempts());
    json.number("retries", summary.retries());
    json.number("budget_denied", summary.budgetDenied());
    json.number("dropped", summary.dropped());
    json.number("agent_errors", summary.agentErrors());
    json.number("unmanaged_body", summary.unmanagedBody());
    writeLatency(json, summary.latency());
    json.startObject("models");
    for (Summary.Model model : summary.models()) {
      json.startObject(model.name());
      json.number("calls", model.calls());
      json.number("success", model.success());
      writeLatency(json, model.latency());
      json.endObject();
    }
    json.endObject();
    json.startObject("shared");
    json.text("state", summary.shared().state());
    json.number("published", summary.shared().published());
    json.number("received", summary.shared().received());
    json.endObject();
  }

  private static void writeLatency(JsonLine json, Latency latency) {
    json.startObject("latency_ms");
    json.millis("p50", latency.p50());
    json.millis("p90", latency.p90());
    json.millis("p99", latency.p99());
    json.millis("p999", latency.p999());
    json.millis("max", latency.max());
    json.endObject();
  }
}
