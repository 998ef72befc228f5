package dev.rebound.agent.metrics;

import dev.rebound.api.CallRecord;
import dev.rebound.api.Outcome;
import java.util.concurrent.atomic.LongAdder;

/**
 * The calls of one requested model in the current interval ({@code models} in a summary). Counting
 * is lock-free, from any thread; {@link #recordLatency} and {@link #snapshot} are serialized by
 * {@link SummaryWindow}.
 */
final class ModelStats {

  private final LongAdder calls = new LongAdder();
  private final LongAdder success = new LongAdder();
  // Two significant digits (1%): one histogram per model, so memory matters more than precision.
  private final LatencyRecorder latency = new LatencyRecorder(2);

  void count(CallRecord record) {
    calls.increment();
    if (isSuccess(record.outcome())) {
      success.increment();
    }
  }

  void recordLatency(double millis) {
    latency.record(millis);
  }

  /** The interval's figures, which are then reset; calls == 0 means the model was idle. */
  Summary.Model snapshot(String name) {
    return new Summary.Model(
        name, calls.sumThenReset(), success.sumThenReset(), latency.snapshot());
  }

  static boolean isSuccess(Outcome outcome) {
    return outcome == Outcome.SUCCESS
        || outcome == Outcome.RETRY_SUCCESS
        || outcome == Outcome.FALLBACK_SUCCESS;
  }
}
