package dev.rebound.agent.jfr;

import dev.rebound.agent.engine.CallWatch;

/**
 * Rebound's JDK Flight Recorder events (SPEC §9): {@code rebound.Call}, {@code rebound.Attempt},
 * {@code rebound.Breaker}. While no recording takes them, {@code isEnabled()} is false and a call
 * costs one check (under a nanosecond once compiled): no event is made or filled in. This class is
 * loaded on the first managed call, never in {@code premain}. Thread-safe.
 */
public final class JfrEvents {
  /**
   * Asked whether their event is enabled, never committed: {@code isEnabled()} reads only the event
   * type's state, so one shared instance per type answers for every call without an allocation.
   */
  private static final CallEvent CALL_PROBE = new CallEvent();

  private static final AttemptEvent ATTEMPT_PROBE = new AttemptEvent();

  private JfrEvents() {}

  /** A watch for a call that starts now; a real one only while a recording takes its events. */
  public static CallWatch watch() {
    if (CALL_PROBE.isEnabled() || ATTEMPT_PROBE.isEnabled()) {
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
