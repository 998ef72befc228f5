package dev.rebound.agent.engine;

import dev.rebound.agent.classify.Classifier;
import dev.rebound.api.CallRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * The fixture of engine tests that run waits by hand: a fake clock and transport, the records the
 * engine writes, and a scheduler whose tasks run only when the test says so.
 */
abstract class ManualEngineTest {
  final FakeClock clock = new FakeClock();
  final FakeTransport server = new FakeTransport(clock);
  final TestConfig config = new TestConfig();
  final List<CallRecord> records = new ArrayList<>();
  final ManualScheduler scheduler = new ManualScheduler();
  private final double draw;

  /** Made by {@link #engine()}, or set by a test that needs an engine of its own. */
  CallEngine engine;

  /**
   * @param draw every random draw of the backoff: 1.0 waits the whole backoff, 0.0 none of it
   */
  ManualEngineTest(double draw) {
    this.draw = draw;
  }

  /** The engine, made on first use, so that a test sets its configuration first. */
  CallEngine engine() {
    if (engine == null) {
      engine =
          new CallEngine(
              config.build(),
              new Classifier(),
              clock,
              clock,
              () -> draw,
              records::add,
              () -> scheduler);
    }
    return engine;
  }

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  /** A scheduler whose tasks run only when the test says so; it records the requested delays. */
  static final class ManualScheduler extends ScheduledThreadPoolExecutor {
    final List<Long> delaysMillis = new ArrayList<>();
    final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private final List<Runnable> pending = new ArrayList<>();

    ManualScheduler() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      delaysMillis.add(unit.toMillis(delay));
      CompletableFuture<Void> done = new CompletableFuture<>();
      ScheduledFuture<?> f = new ManualFuture(done);
      pending.add(
          () -> {
            if (!done.isCancelled()) {
              command.run();
              done.complete(null);
            }
          });
      tasks.add(f);
      return f;
    }

    void runPending() {
      List<Runnable> now = new ArrayList<>(pending);
      pending.clear();
      now.forEach(Runnable::run);
    }
  }

  private record ManualFuture(CompletableFuture<Void> done) implements ScheduledFuture<Void> {
    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed o) {
      return 0;
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
      return done.cancel(mayInterrupt);
    }

    @Override
    public boolean isCancelled() {
      return done.isCancelled();
    }

    @Override
    public boolean isDone() {
      return done.isDone();
    }

    @Override
    public Void get() {
      return null;
    }

    @Override
    public Void get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
