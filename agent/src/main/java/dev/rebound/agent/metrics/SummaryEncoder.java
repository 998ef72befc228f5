package dev.rebound.agent.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.rebound.api.Classification;
import dev.rebound.api.Outcome;
import java.io.IOException;

/** Writes the fields of a {@code summary} record (SPEC §6). Stateless and thread-safe. */
final class SummaryEncoder {

  private SummaryEncoder() {}

  static void write(JsonGenerator json, Summary summary) throws IOException {
    json.writeStringField("type", "summary");
    json.writeStringField("ts", JsonFields.timestamp(summary.tsMillis()));
    json.writeNumberField("interval_s", summary.intervalSeconds());
    json.writeNumberField("calls", summary.calls());
    // Every outcome, zeros too: a reader finds the same keys in every summary.
    json.writeObjectFieldStart("outcomes");
    for (Outcome outcome : Outcome.values()) {
      json.writeNumberField(outcome.wireName(), summary.outcomes().getOrDefault(outcome, 0L));
    }
    json.writeEndObject();
    // Only classes that occurred: twelve zeros per minute would bury the one that matters.
    json.writeObjectFieldStart("classes");
    for (Classification classification : Classification.values()) {
      long count = summary.classes().getOrDefault(classification, 0L);
      if (count > 0) {
        json.writeNumberField(classification.name(), count);
      }
    }
    json.writeEndObject();
    json.writeNumberField("attempts", summary.attempts());
    json.writeNumberField("retries", summary.retries());
    json.writeNumberField("budget_denied", summary.budgetDenied());
    json.writeNumberField("dropped", summary.dropped());
    json.writeNumberField("agent_errors", summary.agentErrors());
    json.writeNumberField("unmanaged_body", summary.unmanagedBody());
    writeLatency(json, summary.latency());
    json.writeObjectFieldStart("models");
    for (Summary.Model model : summary.models()) {
      json.writeObjectFieldStart(JsonFields.wellFormed(model.name()));
      json.writeNumberField("calls", model.calls());
      json.writeNumberField("success", model.success());
      writeLatency(json, model.latency());
      json.writeEndObject();
    }
    json.writeEndObject();
    json.writeObjectFieldStart("shared");
    json.writeStringField("state", summary.shared().state());
    json.writeNumberField("published", summary.shared().published());
    json.writeNumberField("received", summary.shared().received());
    json.writeEndObject();
  }

  private static void writeLatency(JsonGenerator json, Latency latency) throws IOException {
    json.writeObjectFieldStart("latency_ms");
    JsonFields.millis(json, "p50", latency.p50());
    JsonFields.millis(json, "p90", latency.p90());
    JsonFields.millis(json, "p99", latency.p99());
    JsonFields.millis(json, "p999", latency.p999());
    JsonFields.millis(json, "max", latency.max());
    json.writeEndObject();
  }
}
