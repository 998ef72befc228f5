package dev.rebound.agent.time;

/** Waits on the calling thread; injected so that engine tests never sleep. */
@FunctionalInterface
public interface Sleeper {
  void sleep(long nanos) throws InterruptedException;

  Sleeper SYSTEM =
      nanos -> {
        if (nanos > 0) {
          Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
      };
}
