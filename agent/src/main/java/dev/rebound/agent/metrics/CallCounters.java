package dev.rebound.agent.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counts a call can add before (or without) the metrics log: calls passed through, failures
 * inside Rebound, bodies too large to manage; and the figures of a fleet's sharing (SPEC §8). Cheap
 * enough to exist from premain on, so that a call Rebound does not manage never starts the log;
 * each summary takes what was counted since the last. Atomic longs rather than adders: an adder's
 * first use sets up var handles, which premain would pay for. Thread-safe.
 */
public final class CallCounters {
  private final AtomicLong passthrough = new AtomicLong();
  private final AtomicLong agentErrors = new AtomicLong();
  private final AtomicLong unmanagedBody = new AtomicLong();
  private final AtomicLong sharedPublished = new AtomicLong();
  private final AtomicLong sharedReceived = new AtomicLong();
  private volatile String sharedState = "off";

  public void passthrough() {
    passthrough.incrementAndGet();
  }

  public void agentError() {
    agentErrors.incrementAndGet();
  }

  public void unmanagedBody() {
    unmanagedBody.incrementAndGet();
  }

  /** SPEC §8: {@code connected}, {@code disconnected}, or {@code off} when nothing is shared. */
  public void sharedState(String state) {
    sharedState = state;
  }

  /** An event this JVM learned went to the fleet. */
  public void sharedPublished() {
    sharedPublished.incrementAndGet();
  }

  /** An event another JVM learned was applied here. */
  public void sharedReceived() {
    sharedReceived.incrementAndGet();
  }

  String sharedState() {
    return sharedState;
  }

  long takeSharedPublished() {
    return sharedPublished.getAndSet(0);
  }

  long takeSharedReceived() {
    return sharedReceived.getAndSet(0);
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
