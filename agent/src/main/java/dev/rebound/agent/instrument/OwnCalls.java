package dev.rebound.agent.instrument;

/**
 * How deep a thread is in Rebound's own calls of a client, which that client's hooks let through:
 * above 0, a hooked method runs as it is. A counter per thread, kept for the thread's life and
 * changed in place: a {@code ThreadLocal} value set again after a {@code remove} is a new weak
 * reference, on every call. Nested own calls keep the count. Thread-safe (per-thread state).
 */
public final class OwnCalls {
  private final ThreadLocal<int[]> depth = new Depth();

  /** This thread calls the client for Rebound from here until {@link #exit()}. */
  public void enter() {
    depth.get()[0]++;
  }

  public void exit() {
    depth.get()[0]--;
  }

  /** Whether this thread is inside one of Rebound's own calls. */
  public boolean active() {
    return depth.get()[0] != 0;
  }

  /** A class, not {@code withInitial}'s lambda: it is made on the first call. */
  private static final class Depth extends ThreadLocal<int[]> {
    @Override
    protected int[] initialValue() {
      return new int[1];
    }
  }
}
