package dev.rebound.agent.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counts a call can add before (or without) the metrics log: calls passed through, failures
 * inside Rebound, bodies too large to manage. Cheap enough to exist from premain on, so that a call
 * Rebound does not manage never starts the log; each summary takes what was counted since the last.
 * Thread-safe.
 */
public final class CallCounters {
  private final LongAdder passthrough = new LongAdder();
  private final LongAdder agentErrors = new LongAdder();
  private final LongAdder unmanagedBody = new LongAdder();

  public void passthrough() {
    passthrough.increment();
  }

  public void agentError() {
    agentErrors.increment();
  }

  public void unmanagedBody() {
    unmanagedBody.increment();
  }

  long takePassthrough() {
    return passthrough.sumThenReset();
  }

  long takeAgentErrors() {
    return agentErrors.sumThenReset();
  }

  long takeUnmanagedBody() {
    return unmanagedBody.sumThenReset();
  }
}
