package dev.rebound.agent.metrics;

import dev.rebound.api.Classification;
import dev.rebound.api.Outcome;
import java.util.List;
import java.util.Map;

/**
 * The counters of one summary interval (SPEC §6, a {@code summary} record). Immutable.
 *
 * @param tsMillis when the interval ended, epoch milliseconds
 * @param intervalSeconds the seconds the interval covered, rounded
 * @param calls managed calls
 * @param outcomes every outcome, zeros included, passthrough among them
 * @param classes attempts per class, SUCCESS and zero counts left out
 * @param attempts every attempt of the managed calls
 * @param retries attempts beyond each call's first
 * @param models per requested model, sorted by name
 * @param shared the fleet's sharing (SPEC §8)
 */
record Summary(
    long tsMillis,
    long intervalSeconds,
    long calls,
    Map<Outcome, Long> outcomes,
    Map<Classification, Long> classes,
    long attempts,
    long retries,
    long budgetDenied,
    long dropped,
    long agentErrors,
    long unmanagedBody,
    Latency latency,
    List<Model> models,
    Shared shared)
    implements LogEntry {

  Summary {
    outcomes = Map.copyOf(outcomes);
    classes = Map.copyOf(classes);
    models = List.copyOf(models);
  }

  /** SPEC §8: whether limits are shared now, and the events sent and applied in the interval. */
  record Shared(String state, long published, long received) {}

  /** The calls of one requested model in the interval. */
  record Model(String name, long calls, long success, Latency latency) {}
}
