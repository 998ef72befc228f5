package dev.rebound.agent.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The coordinated pause of SPEC §4: after a gateway rate limit with a wait hint, no managed call to
 * that host (or, for a limit scoped to one model, to that host and model) leaves the JVM until the
 * hint has passed, whichever client or thread makes it. Monotonic-clock nanoseconds. Thread-safe
 * (lock-free).
 */
final class HostPause {
  private final ConcurrentMap<String, Long> until = new ConcurrentHashMap<>();

  /**
   * The host, or (host, model), is paused until {@code untilNanos}; a later pause never shortens
   * it.
   */
  void pause(String host, String model, long untilNanos) {
    until.merge(key(host, model), untilNanos, (a, b) -> a - b >= 0 ? a : b);
  }

  /** How long a call to this model on this host must still wait; 0 when it may go now. */
  long remainingNanos(String host, String model, long now) {
    if (until.isEmpty()) {
      return 0; // the usual case, without building a key
    }
    long wait = remaining(key(host, null), now);
    return model == null ? wait : Math.max(wait, remaining(key(host, model), now));
  }

  /** How long the host itself, for every model, must still wait. */
  long hostRemainingNanos(String host, long now) {
    if (until.isEmpty()) {
      return 0;
    }
    return remaining(key(host, null), now);
  }

  private long remaining(String key, long now) {
    Long u = until.get(key);
    if (u == null) {
      return 0;
    }
    long left = u - now;
    if (left <= 0) {
      // Passed: forget it, unless another thread has just extended it.
      until.remove(key, u);
      return 0;
    }
    return left;
  }

  private static String key(String host, String model) {
    return model == null ? host : host + ' ' + model;
  }
}
