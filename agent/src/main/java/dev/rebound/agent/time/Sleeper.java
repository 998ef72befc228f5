package dev.rebound.agent.time;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waits on the calling thread; injected so that engine tests never sleep. */
@FunctionalInterface
public interface Sleeper {
  /**
   * Waits {@code nanos}, or less once {@code cancelled} turns true (checked at least every {@link
   * #CANCEL_CHECK_NANOS}), so that a cancelled call does not sit out its backoff.
   */
  void sleep(long nanos, BooleanSupplier cancelled) throws InterruptedException;

  /**
   * Waits like {@link #sleep(long, BooleanSupplier)}, and ends as soon as {@code wake} completes: a
   * call waiting for a circuit goes the moment another call's result lets it.
   */
  default void sleep(long nanos, Future<?> wake, BooleanSupplier cancelled)
      throws InterruptedException {
    sleep(nanos, () -> wake.isDone() || cancelled.getAsBoolean());
  }

  long CANCEL_CHECK_NANOS = 50_000_000L;

  Sleeper SYSTEM =
      new Sleeper() {
        @Override
        public void sleep(long nanos, BooleanSupplier cancelled) throws InterruptedException {
          long deadline = System.nanoTime() + nanos;
          long left = nanos;
          while (left > 0 && !cancelled.getAsBoolean()) {
            long slice = Math.min(left, CANCEL_CHECK_NANOS);
            Thread.sleep(slice / 1_000_000, (int) (slice % 1_000_000));
            left = deadline - System.nanoTime();
          }
        }

        @Override
        public void sleep(long nanos, Future<?> wake, BooleanSupplier cancelled)
            throws InterruptedException {
          long deadline = System.nanoTime() + nanos;
          long left = nanos;
          while (left > 0 && !wake.isDone() && !cancelled.getAsBoolean()) {
            try {
              wake.get(Math.min(left, CANCEL_CHECK_NANOS), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException | CancellationException e) {
              // A slice without a wake-up: look at the cancel flag and the time left again. The
              // wake future itself is never failed, only completed or left alone.
            }
            left = deadline - System.nanoTime();
          }
        }
      };
}
