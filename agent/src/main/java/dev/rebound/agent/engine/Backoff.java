package dev.rebound.agent.engine;

import java.time.Duration;

/**
 * How long to wait before asking the same model again (SPEC §1 {@code retry.base-delay}, {@code
 * retry.max-delay}; SPEC §4 "a wait is never shorter than the server's hint"). Pure: the random
 * number is a parameter. Thread-safe (immutable).
 */
final class Backoff {
  /**
   * A server hint is lengthened by at most this fraction, so that clients released together spread.
   */
  static final double HINT_JITTER = 0.10;

  private final long baseMillis;
  private final long maxMillis;

  Backoff(Duration base, Duration max) {
    this.baseMillis = base.toMillis();
    this.maxMillis = max.toMillis();
  }

  /**
   * "Full jitter" after the {@code failedAttempt}-th failure of a model (from 1): a uniformly
   * random time in {@code [0, min(max-delay, base * 2^(failedAttempt-1))]}.
   */
  long delayMillis(int failedAttempt, double random) {
    int doublings = Math.min(Math.max(failedAttempt - 1, 0), 30);
    long ceiling = Math.min(maxMillis, baseMillis << doublings);
    if (ceiling < 0) {
      ceiling = maxMillis;
    }
    return Math.round(ceiling * random);
  }

  /**
   * The wait for a server hint: never shorter than the hint, lengthened by up to {@link
   * #HINT_JITTER} of it. Symmetric jitter would send some clients before the server asked.
   */
  static long hintWaitMillis(long hintMillis, double random) {
    return hintMillis + (long) Math.ceil(hintMillis * HINT_JITTER * random);
  }
}
