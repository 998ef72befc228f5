package dev.rebound.agent.engine;

import dev.rebound.agent.time.Clock;
import dev.rebound.agent.time.Sleeper;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when told, and a sleeper that moves it instead of sleeping. */
final class FakeClock implements Clock, Sleeper {
  static final long EPOCH_MILLIS = 1_795_000_000_000L;

  private long nanos = 1_000_000_000L;
  final List<Long> sleptMillis = new ArrayList<>();

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public long currentTimeMillis() {
    return EPOCH_MILLIS + nanos / 1_000_000;
  }

  @Override
  public void sleep(long sleepNanos, java.util.function.BooleanSupplier cancelled) {
    sleptMillis.add(sleepNanos / 1_000_000);
    nanos += sleepNanos;
  }

  void advanceMillis(long millis) {
    nanos += millis * 1_000_000;
  }
}
