package dev.rebound.agent.instrument.reactornetty;

import dev.rebound.agent.hook.HookHandler;
import dev.rebound.agent.hook.HookRow;
import dev.rebound.agent.instrument.Adapters;
import dev.rebound.agent.instrument.AgentRuntime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The handlers of the Reactor Netty hook rows ({@link dev.rebound.agent.hook.HookTable}), and what
 * the adapter shares with them: the per-thread bypass under which Rebound assembles its own
 * requests (they reach the same hooked methods) and the count of calls whose body is still to be
 * taken, which is all an unmanaged request's body send pays. Thread-safe.
 */
public final class ReactorNettyHooks {
  private static final Adapters<ReactorNettyEntry> ADAPTERS =
      new Adapters<>(
          ReactorNettyEntry.class,
          "dev.rebound.agent.instrument.reactornetty.adapter.ReactorNettyAdapter");

  /**
   * How deep this thread is in assembling Rebound's own requests: the hooks are off above 0. A
   * counter kept per thread rather than a value set and removed on each request.
   */
  private static final ThreadLocal<int[]> BYPASS = ThreadLocal.withInitial(() -> new int[1]);

  private static final AtomicInteger TAKING_BODIES = new AtomicInteger();

  private ReactorNettyHooks() {}

  /** Runs {@code assembly} with the hooks off on this thread: Rebound's own requests. */
  public static <T> T bypassed(Supplier<T> assembly) {
    int[] depth = BYPASS.get();
    depth[0]++;
    try {
      return assembly.get();
    } finally {
      depth[0]--;
    }
  }

  private static boolean bypassing() {
    return BYPASS.get()[0] != 0;
  }

  /** A managed call's first request now waits for its body to be sent. */
  public static void bodyAwaited() {
    TAKING_BODIES.incrementAndGet();
  }

  /** That body was taken, or will never be. */
  public static void bodyTaken() {
    TAKING_BODIES.decrementAndGet();
  }

  private static ReactorNettyEntry entry(Object self) throws ReflectiveOperationException {
    return ADAPTERS.forLoader(self.getClass().getClassLoader());
  }

  /** The five {@code response*} methods of {@code HttpClientFinalizer}, told apart by the row. */
  public static final class Respond implements HookHandler {
    private final String method;

    public Respond(HookRow row) {
      this.method = row.method();
    }

    @Override
    public Object around(Object finalizer, Object[] args) throws ReflectiveOperationException {
      if (bypassing() || AgentRuntime.current() == null) {
        return null;
      }
      return entry(finalizer).respond(finalizer, method, args);
    }
  }

  /** {@code HttpClientOperations.send(Publisher)}. */
  public static final class Send implements HookHandler {
    @Override
    public Object around(Object operations, Object[] args) throws ReflectiveOperationException {
      if (TAKING_BODIES.get() == 0 || bypassing()) {
        return null;
      }
      return entry(operations).send(operations, args[0]);
    }
  }
}
