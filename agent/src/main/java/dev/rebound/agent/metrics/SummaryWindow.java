package dev.rebound.agent.metrics;

import dev.rebound.agent.time.Clock;
import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;
import dev.rebound.api.Classification;
import dev.rebound.api.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what a summary record reports (SPEC §6) for the current interval, and cuts the interval.
 * Thread-safe: application threads count with lock-free adders ({@link #count}); latencies are
 * recorded by the writer thread as it takes each call's record from the queue ({@link
 * #recordLatency}), so a call's duration is in the summary of the interval its record was written
 * in, and a record dropped from a full queue is in every count but the percentiles. {@link
 * #recordLatency} and {@link #snapshot()} are synchronized, and only the writer thread or a closing
 * thread ever calls them, so no application thread waits for that lock.
 */
final class SummaryWindow {

  /**
   * Distinct requested models tracked per interval. Model names come from request bodies, so an
   * application that invents names must not grow memory without end; calls beyond the cap are still
   * in every total, only not listed under {@code models}.
   */
  static final int MAX_MODELS = 200;

  private static final double NANOS_PER_SECOND = 1e9;

  private final Clock clock;
  private final LongAdder calls = new LongAdder();
  private final LongAdder attempts = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder budgetDenied = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final CallCounters counters;
  private final LongAdder[] outcomes = adders(Outcome.values().length);
  private final LongAdder[] classes = adders(Classification.values().length);
  // Three significant digits: one histogram for the whole JVM, so precision is cheap here.
  private final LatencyRecorder latency = new LatencyRecorder(3);
  private final ConcurrentHashMap<String, ModelStats> models = new ConcurrentHashMap<>();
  private long intervalStartNanos;

  SummaryWindow(Clock clock) {
    this(clock, new CallCounters());
  }

  SummaryWindow(Clock clock, CallCounters counters) {
    this.clock = clock;
    this.counters = counters;
    this.intervalStartNanos = clock.nanoTime();
  }

  /** Counts one finished managed call, on the thread that made it; its latency comes later. */
  void count(CallRecord record) {
    calls.increment();
    outcomes[record.outcome().ordinal()].increment();
    List<AttemptRecord> sent = record.attempts();
    for (AttemptRecord attempt : sent) {
      if (attempt.classification() != Classification.SUCCESS) {
        classes[attempt.classification().ordinal()].increment();
      }
    }
    attempts.add(sent.size());
    if (sent.size() > 1) {
      retries.add(sent.size() - 1);
    }
    ModelStats stats = modelStats(record.modelRequested());
    if (stats != null) {
      stats.count(record);
    }
  }

  /** Records a counted call's duration, on the writer thread, as it takes the call's record. */
  synchronized void recordLatency(CallRecord record) {
    // SPEC §6: latency covers calls that sent at least one attempt.
    if (record.attempts().isEmpty()) {
      return;
    }
    latency.record(record.totalMillis());
    ModelStats stats = modelStats(record.modelRequested());
    if (stats != null) {
      stats.recordLatency(record.totalMillis());
    }
  }

  void passthrough() {
    counters.passthrough();
  }

  void agentError() {
    counters.agentError();
  }

  void unmanagedBody() {
    counters.unmanagedBody();
  }

  void budgetDenied() {
    budgetDenied.increment();
  }

  void dropped() {
    dropped.increment();
  }

  /**
   * The figures since the last snapshot; every counter starts again from zero. A call counted while
   * the snapshot runs lands in this interval or the next, never in neither.
   */
  synchronized Summary snapshot() {
    long now = clock.nanoTime();
    long intervalSeconds = Math.round((now - intervalStartNanos) / NANOS_PER_SECOND);
    intervalStartNanos = now;
    Map<Outcome, Long> outcomeCounts = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      outcomeCounts.put(outcome, outcomes[outcome.ordinal()].sumThenReset());
    }
    outcomeCounts.put(
        Outcome.PASSTHROUGH, outcomeCounts.get(Outcome.PASSTHROUGH) + counters.takePassthrough());
    Map<Classification, Long> classCounts = new EnumMap<>(Classification.class);
    for (Classification classification : Classification.values()) {
      long count = classes[classification.ordinal()].sumThenReset();
      if (count > 0) {
        classCounts.put(classification, count);
      }
    }
    return new Summary(
        clock.currentTimeMillis(),
        intervalSeconds,
        calls.sumThenReset(),
        outcomeCounts,
        classCounts,
        attempts.sumThenReset(),
        retries.sumThenReset(),
        budgetDenied.sumThenReset(),
        dropped.sumThenReset(),
        counters.takeAgentErrors(),
        counters.takeUnmanagedBody(),
        latency.snapshot(),
        modelSnapshots(),
        new Summary.Shared(
            counters.sharedState(), counters.takeSharedPublished(), counters.takeSharedReceived()));
  }

  private List<Summary.Model> modelSnapshots() {
    List<Summary.Model> result = new ArrayList<>();
    for (Map.Entry<String, ModelStats> entry : models.entrySet()) {
      Summary.Model model = entry.getValue().snapshot(entry.getKey());
      if (model.calls() > 0) {
        result.add(model);
      } else {
        // An idle model is forgotten so that the cap counts live models only. A call that raced
        // with this removal is still in every total, only missing from this model's line.
        models.remove(entry.getKey(), entry.getValue());
      }
    }
    result.sort(ByName.INSTANCE);
    return result;
  }

  /** The stats of a requested model, or null when it is unknown or the cap is reached. */
  private ModelStats modelStats(String model) {
    if (model == null) {
      return null;
    }
    ModelStats stats = models.get(model);
    if (stats != null || models.size() >= MAX_MODELS) {
      return stats;
    }
    // putIfAbsent, not computeIfAbsent with a lambda: this runs on the first managed call.
    ModelStats made = new ModelStats();
    ModelStats raced = models.putIfAbsent(model, made);
    return raced != null ? raced : made;
  }

  /**
   * Models in name order: a class, not {@code Comparator.comparing}, whose lambdas would be spun at
   * exit by an application's only summary.
   */
  private static final class ByName implements Comparator<Summary.Model> {
    static final ByName INSTANCE = new ByName();

    @Override
    public int compare(Summary.Model a, Summary.Model b) {
      return a.name().compareTo(b.name());
    }
  }

  private static LongAdder[] adders(int count) {
    LongAdder[] adders = new LongAdder[count];
    for (int i = 0; i < count; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }
}
