package dev.rebound.agent.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counts a call can add before (or without) the metrics log: calls passed through, failures
 * inside Rebound, bodies too large to manage. Cheap enough to exist from premain on, so that a call
 * Rebound does not manage never starts the log; each summary takes what was counted since the last.
 * Atomic longs rather than adders: an adder's first use sets up var handles, which premain would pay
 * for. Thread-safe.
 */
public final class CallCounters {
  private final AtomicLong passthrough = new AtomicLong();
  private final AtomicLong agentErrors = new AtomicLong();
  private final AtomicLong unmanagedBody = new AtomicLong();

  public void passthrough() {
    passthrough.incrementAndGet();
  }

  public void agentError() {
    agentErrors.incrementAndGet();
  }

  public void unmanagedBody() {
    unmanagedBody.incrementAndGet();
  }

  long takePassthrough() {
    return passthrough.getAndSet(0);
  }

  long takeAgentErrors() {
    return agentErrors.getAndSet(0);
  }

  long takeUnmanagedBody() {
    return unmanagedBody.getAndSet(0);
  }
}
