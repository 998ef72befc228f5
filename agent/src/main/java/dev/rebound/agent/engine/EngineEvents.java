package dev.rebound.agent.engine;

import dev.rebound.api.CallRecord;
import java.time.Instant;

/**
 * What the engine reports as it works: finished calls, denied retries and circuit changes (the
 * metrics log). Called on application threads: implementations must not block.
 */
public interface EngineEvents {
  void call(CallRecord record);

  /** A follow-up request was not sent because the host's retry budget was spent. */
  default void budgetDenied() {}

  /** A circuit changed state; {@code until} is when an open circuit lets a probe through. */
  default void breaker(String host, String model, String state, Instant until) {}

  /** What watches a call that starts now; asked once per managed call, on the caller's thread. */
  default CallWatch watch() {
    return CallWatch.NONE;
  }

  EngineEvents NONE = new Silent();

  /** Reports nothing (a class, not a lambda: this interface is initialised on a first call). */
  final class Silent implements EngineEvents {
    @Override
    public void call(CallRecord record) {}
  }
}
