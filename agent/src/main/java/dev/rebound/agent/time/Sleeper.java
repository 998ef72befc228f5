package dev.rebound.agent.time;

import java.util.function.BooleanSupplier;

/** Waits on the calling thread; injected so that engine tests never sleep. */
@FunctionalInterface
public interface Sleeper {
  /**
   * Waits {@code nanos}, or less once {@code cancelled} turns true (checked at least every {@link
   * #CANCEL_CHECK_NANOS}), so that a cancelled call does not sit out its backoff.
   */
  void sleep(long nanos, BooleanSupplier cancelled) throws InterruptedException;

  long CANCEL_CHECK_NANOS = 50_000_000L;

  Sleeper SYSTEM =
      (nanos, cancelled) -> {
        long deadline = System.nanoTime() + nanos;
        long left = nanos;
        while (left > 0 && !cancelled.getAsBoolean()) {
          long slice = Math.min(left, CANCEL_CHECK_NANOS);
          Thread.sleep(slice / 1_000_000, (int) (slice % 1_000_000));
          left = deadline - System.nanoTime();
        }
      };
}
