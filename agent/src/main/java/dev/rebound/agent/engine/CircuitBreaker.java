package dev.rebound.agent.engine;

/**
 * The circuit of one (host, model) (SPEC §4): opens after {@code threshold} consecutive retryable
 * failures; while open it rejects calls; after the open time (never shorter than the last server
 * hint) it lets one probe through, whose result closes or reopens it. Thread-safe: every method is
 * short and synchronized, and no lock is held across I/O.
 */
final class CircuitBreaker {
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /** Whether an attempt may go, and the state change it caused (null when none). */
  record Admission(boolean allowed, State changedTo, long openUntilNanos) {}

  private final int threshold;
  private final long openNanos;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private long openUntilNanos;
  private long probeStartedNanos;

  CircuitBreaker(int threshold, long openNanos) {
    this.threshold = threshold;
    this.openNanos = openNanos;
  }

  synchronized Admission admit(long now) {
    switch (state) {
      case CLOSED:
        return new Admission(true, null, 0);
      case OPEN:
        if (now - openUntilNanos < 0) {
          return new Admission(false, null, openUntilNanos);
        }
        state = State.HALF_OPEN;
        probeStartedNanos = now;
        return new Admission(true, State.HALF_OPEN, openUntilNanos);
      default:
        // One probe at a time; a probe that never reported (its call was abandoned) is replaced
        // after another open period, so the circuit cannot stay half-open forever.
        if (now - probeStartedNanos >= openNanos) {
          probeStartedNanos = now;
          return new Admission(true, null, 0);
        }
        return new Admission(false, null, probeStartedNanos + openNanos);
    }
  }

  /** The attempt got an answer that says the model works (or that retrying cannot change). */
  synchronized State onSuccess() {
    consecutiveFailures = 0;
    if (state == State.CLOSED) {
      return null;
    }
    state = State.CLOSED;
    return State.CLOSED;
  }

  /** A retryable failure; {@code hintNanos} is the server's hint or -1. Returns a state change. */
  synchronized State onFailure(long now, long hintNanos) {
    consecutiveFailures++;
    if (state == State.HALF_OPEN || (state == State.CLOSED && consecutiveFailures >= threshold)) {
      state = State.OPEN;
      openUntilNanos = now + Math.max(openNanos, hintNanos);
      return State.OPEN;
    }
    if (state == State.OPEN) {
      // Failures of attempts admitted before it opened: a longer hint still extends it.
      openUntilNanos = Math.max(openUntilNanos, now + hintNanos);
    }
    return null;
  }

  synchronized long openUntilNanos() {
    return openUntilNanos;
  }
}
