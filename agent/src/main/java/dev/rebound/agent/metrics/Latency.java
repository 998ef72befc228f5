package dev.rebound.agent.metrics;

/**
 * Latency percentiles of one summary interval, in milliseconds rounded to 0.1 (SPEC §6 {@code
 * latency_ms}). Immutable.
 */
record Latency(double p50, double p90, double p99, double p999, double max) {

  /** What an interval without a single sent call reports. */
  static final Latency ZERO = new Latency(0, 0, 0, 0, 0);
}
