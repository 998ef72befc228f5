package dev.rebound.agent.instrument.okhttp;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.hook.HookHandler;
import dev.rebound.agent.instrument.Adapters;
import dev.rebound.agent.instrument.AgentRuntime;

/**
 * The handlers of OkHttp's hook rows ({@link dev.rebound.agent.hook.HookTable}). They see OkHttp's
 * objects as {@code Object} and hand them to the adapter defined next to the application's OkHttp.
 * Each is a fail-open boundary that counts what went wrong as an agent error. Thread-safe.
 */
public final class OkHttpBridge {
  private static final Adapters<OkHttpEntry> ADAPTERS =
      new Adapters<>(
          OkHttpEntry.class, "dev.rebound.agent.instrument.okhttp.adapter.OkHttpAdapter");

  private OkHttpBridge() {}

  /**
   * {@code OkHttpClient(Builder)}, on entry: the builder holds every user interceptor by now, so
   * Rebound's, added last, is the innermost application interceptor.
   */
  public static final class ClientBuilt implements HookHandler {
    @Override
    public Object around(Object self, Object[] args) {
      Object builder = args[0];
      try {
        if (AgentRuntime.current() != null) {
          ADAPTERS.forLoader(builder.getClass().getClassLoader()).clientBuilt(builder);
        }
      } catch (Throwable t) {
        failed("okhttp interceptor", t);
      }
      return null;
    }
  }

  /** {@code RealCall.enqueue(callback)}: skipped when Rebound drives the call itself. */
  public static final class Enqueue implements HookHandler {
    @Override
    public Object around(Object call, Object[] args) {
      try {
        if (AgentRuntime.current() != null
            && ADAPTERS.forLoader(call.getClass().getClassLoader()).enqueue(call, args[0])) {
          return Boolean.TRUE;
        }
      } catch (Throwable t) {
        failed("okhttp enqueue", t);
      }
      return null;
    }
  }

  /** {@code RealCall.cancel()}: a call Rebound drives stops its attempts; OkHttp's own runs too. */
  public static final class Cancel implements HookHandler {
    @Override
    public Object around(Object call, Object[] args) {
      try {
        if (AgentRuntime.current() != null) {
          ADAPTERS.forLoader(call.getClass().getClassLoader()).cancel(call);
        }
      } catch (Throwable t) {
        failed("okhttp cancel", t);
      }
      return null;
    }
  }

  private static void failed(String what, Throwable t) {
    AgentRuntime runtime = AgentRuntime.current();
    if (runtime != null) {
      runtime.agentError();
    }
    Diagnostics.debug(what + " failed open: " + t);
  }
}
