package dev.rebound.agent.time;

/**
 * The two clocks Rebound reads: a monotonic one for durations and deadlines, and the wall clock for
 * server hints given as dates or epoch milliseconds. Injected everywhere so that tests never sleep.
 */
public interface Clock {
  /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Wall-clock epoch milliseconds, as {@link System#currentTimeMillis()}. */
  long currentTimeMillis();

  Clock SYSTEM =
      new Clock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
          return System.currentTimeMillis();
        }
      };
}
