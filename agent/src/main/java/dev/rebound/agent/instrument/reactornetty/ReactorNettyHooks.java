package dev.rebound.agent.instrument.reactornetty;

import dev.rebound.agent.hook.HookHandler;
import dev.rebound.agent.hook.HookRow;
import dev.rebound.agent.instrument.Adapters;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.OwnCalls;
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

  /** Rebound's own requests, assembled on this thread: the hooks are off for them. */
  private static final OwnCalls OWN = new OwnCalls();

  private static final AtomicInteger TAKING_BODIES = new AtomicInteger();

  private ReactorNettyHooks() {}

  /** Runs {@code assembly} with the hooks off on this thread: Rebound's own requests. */
  public static <T> T bypassed(Supplier<T> assembly) {
    OWN.enter();
    try {
      return assembly.get();
    } finally {
      OWN.exit();
    }
  }

  private static boolean bypassing() {
    return OWN.active();
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
