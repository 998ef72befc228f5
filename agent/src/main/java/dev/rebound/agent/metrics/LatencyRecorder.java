package dev.rebound.agent.metrics;

import java.util.concurrent.atomic.LongAccumulator;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records call durations into an HdrHistogram {@link Recorder} and turns one interval of them into
 * {@link Latency} percentiles. Recording is wait-free and thread-safe; {@link #snapshot()} must be
 * called by one thread at a time (the owner serializes it).
 */
final class LatencyRecorder {

  /**
   * The longest duration recorded as itself. The histograms resize to the largest value seen, so a
   * bogus huge duration would cost memory for the rest of the interval; a day is far beyond any
   * deadline a user sets.
   */
  private static final long MAX_MICROS = 24L * 60 * 60 * 1_000_000;

  private final int significantDigits;
  private final boolean packed;

  /**
   * Made by the first value: a log that only ever writes its start and a summary of calls it did
   * not manage (an application whose calls go to other hosts) loads no HdrHistogram at exit.
   */
  private volatile Recorder recorder;

  // The histogram reports the top of a value's bucket; the exact maximum keeps "max" honest and
  // caps the percentiles, so that ten calls of 5000 ms do not report p50 = 5002.2.
  private final LongAccumulator max = new LongAccumulator(Max.INSTANCE, 0);
  private Histogram recycled;

  /**
   * @param significantDigits HdrHistogram precision: 3 keeps every percentile within 0.1%, 2 within
   *     1% at a tenth of the memory
   * @param packed whether to use packed (sparse) counts, smaller for rarely used recorders
   */
  LatencyRecorder(int significantDigits, boolean packed) {
    this.significantDigits = significantDigits;
    this.packed = packed;
  }

  void record(double millis) {
    long micros = toMicros(millis);
    // The maximum first: a value in this interval's histogram is then always in its maximum too.
    max.accumulate(micros);
    recorder().recordValue(micros);
  }

  private Recorder recorder() {
    Recorder r = recorder;
    if (r == null) {
      synchronized (this) {
        r = recorder;
        if (r == null) {
          r = new Recorder(significantDigits, packed);
          recorder = r;
        }
      }
    }
    return r;
  }

  /** The percentiles since the last snapshot; the recorder starts a new interval. */
  Latency snapshot() {
    long maxMicros = max.getThenReset();
    Recorder r = recorder;
    if (r == null) {
      // A first value is being recorded this instant: it belongs to the next interval, whole.
      max.accumulate(maxMicros);
      return Latency.ZERO;
    }
    recycled = r.getIntervalHistogram(recycled);
    if (recycled.getTotalCount() == 0) {
      return Latency.ZERO;
    }
    return new Latency(
        percentile(50.0, maxMicros),
        percentile(90.0, maxMicros),
        percentile(99.0, maxMicros),
        percentile(99.9, maxMicros),
        toMillis(maxMicros));
  }

  private double percentile(double percentile, long maxMicros) {
    return toMillis(Math.min(recycled.getValueAtPercentile(percentile), maxMicros));
  }

  static long toMicros(double millis) {
    // NaN and negative durations are a caller's bug; they must not break the histogram.
    if (!(millis > 0)) {
      return 0;
    }
    return (long) Math.min(MAX_MICROS, Math.rint(millis * 1000.0));
  }

  /** Microseconds to milliseconds, rounded to 0.1 as every figure in the log. */
  static double toMillis(long micros) {
    return Math.round(micros / 100.0) / 10.0;
  }

  /** {@code Math::max} as a class: made on the first managed call, where a lambda is spun. */
  private static final class Max implements java.util.function.LongBinaryOperator {
    static final Max INSTANCE = new Max();

    @Override
    public long applyAsLong(long a, long b) {
      return Math.max(a, b);
    }
  }
}
