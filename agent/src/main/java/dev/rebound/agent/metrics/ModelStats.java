package dev.rebound.agent.metrics;

import dev.rebound.api.CallRecord;
import dev.rebound.api.Outcome;
import java.util.concurrent.atomic.LongAdder;

/**
 * The calls of one requested model in the current interval ({@code models} in a summary).
 * Thread-safe: counting is lock-free; {@link #snapshot} is serialized by {@link SummaryWindow}.
 */
final class ModelStats {

  private final LongAdder calls = new LongAdder();
  private final LongAdder success = new LongAdder();
  // Two significant digits (1%): one recorder per model, so memory matters more than precision.
  // Not packed: HdrHistogram 2.2.2's packed concurrent recorder livelocks when threads record
  // while the writer takes an interval snapshot (found by the issue #8 benchmark: four application
  // threads spinning in ConcurrentPackedLongArray.resizeStorageArray for good).
  private final LatencyRecorder latency = new LatencyRecorder(2, false);

  void count(CallRecord record) {
    calls.increment();
    if (isSuccess(record.outcome())) {
      success.increment();
    }
    // SPEC §6: latency covers calls that sent something; a short-circuited call took no time.
    if (!record.attempts().isEmpty()) {
      latency.record(record.totalMillis());
    }
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
