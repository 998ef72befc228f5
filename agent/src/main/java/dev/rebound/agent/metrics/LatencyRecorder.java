package dev.rebound.agent.metrics;

import org.HdrHistogram.Histogram;

/**
 * Records call durations into an HdrHistogram and turns one interval of them into {@link Latency}
 * percentiles. Not thread-safe: the writer thread records each call as it takes its record from the
 * queue, so an application thread never touches a histogram (no atomics on its path, no
 * HdrHistogram class loaded by its first managed call); the owner serializes any other access.
 */
final class LatencyRecorder {

  /**
   * The longest duration recorded as itself. The histogram resizes to the largest value seen, so a
   * bogus huge duration would cost memory for the rest of the interval; a day is far beyond any
   * deadline a user sets.
   */
  private static final long MAX_MICROS = 24L * 60 * 60 * 1_000_000;

  private final int significantDigits;

  /**
   * Made by the first value: a log that only ever writes its start and a summary of calls it did
   * not manage (an application whose calls go to other hosts) loads no HdrHistogram at exit.
   */
  private Histogram histogram;

  // The histogram reports the top of a value's bucket; the exact maximum keeps "max" honest and
  // caps the percentiles, so that ten calls of 5000 ms do not report p50 = 5002.2.
  private long maxMicros;

  /**
   * @param significantDigits HdrHistogram precision: 3 keeps every percentile within 0.1%, 2 within
   *     1% at a tenth of the memory
   */
  LatencyRecorder(int significantDigits) {
    this.significantDigits = significantDigits;
  }

  void record(double millis) {
    long micros = toMicros(millis);
    maxMicros = Math.max(maxMicros, micros);
    if (histogram == null) {
      histogram = new Histogram(significantDigits);
    }
    histogram.recordValue(micros);
  }

  /** The percentiles since the last snapshot; the next interval starts empty. */
  Latency snapshot() {
    long max = maxMicros;
    maxMicros = 0;
    if (histogram == null || histogram.getTotalCount() == 0) {
      return Latency.ZERO;
    }
    Latency latency =
        new Latency(
            percentile(50.0, max),
            percentile(90.0, max),
            percentile(99.0, max),
            percentile(99.9, max),
            toMillis(max));
    histogram.reset();
    return latency;
  }

  private double percentile(double percentile, long max) {
    return toMillis(Math.min(histogram.getValueAtPercentile(percentile), max));
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
}
