package dev.rebound.agent.jfr;

import dev.rebound.agent.engine.CallWatch;

/**
 * Rebound's JDK Flight Recorder events (SPEC §9): {@code rebound.Call}, {@code rebound.Attempt},
 * {@code rebound.Breaker}. While no recording takes them, {@code isEnabled()} is false and a call
 * costs one check: no event is filled in, nothing is allocated once the JIT has removed the probe.
 * This class is loaded on the first managed call, never in {@code premain}. Thread-safe.
 */
public final class JfrEvents {
  private JfrEvents() {}

  /** A watch for a call that starts now; a real one only while a recording takes its events. */
  public static CallWatch watch() {
    if (new CallEvent().isEnabled() || new AttemptEvent().isEnabled()) {
      return new JfrWatch();
    }
    return CallWatch.NONE;
  }

  /** A circuit changed state ({@code open}, {@code half_open} or {@code closed}). */
  public static void breaker(String host, String model, String state) {
    BreakerEvent event = new BreakerEvent();
    if (event.shouldCommit()) {
      event.host = host;
      event.model = model;
      event.state = state;
      event.commit();
    }
  }
}
