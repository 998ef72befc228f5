package dev.rebound.agent.instrument.okhttp;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.instrument.Adapters;
import dev.rebound.agent.instrument.AgentRuntime;
import java.util.List;

/**
 * The static methods OkHttp's instrumented bytecode calls. They take and return only JDK types, are
 * resolved through OkHttp's own class loader, and never throw: each is a fail-open boundary that
 * counts what went wrong as an agent error. Thread-safe.
 */
public final class OkHttpBridge {
  static final String INTERCEPTOR_CLASS =
      "dev.rebound.agent.instrument.okhttp.adapter.ReboundInterceptor";
  private static final Adapters<OkHttpEntry> ADAPTERS =
      new Adapters<>(OkHttpEntry.class, "dev.rebound.agent.instrument.okhttp.adapter.OkHttpAdapter");

  private OkHttpBridge() {}

  /**
   * Adds Rebound's interceptor as the innermost application interceptor, unless it is there
   * already (a builder from {@code newBuilder()} copies it, and must not retry twice).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static void addInterceptor(List interceptors, ClassLoader okhttpLoader) {
    try {
      for (Object existing : interceptors) {
        if (existing.getClass().getName().equals(INTERCEPTOR_CLASS)) {
          return;
        }
      }
      if (AgentRuntime.current() != null) {
        interceptors.add(ADAPTERS.forLoader(okhttpLoader).interceptor());
      }
    } catch (Throwable t) {
      failed("okhttp interceptor", t);
    }
  }

  /** True when Rebound took the call over; false lets OkHttp enqueue it as usual. */
  public static boolean enqueue(Object call, Object client, Object request, Object callback) {
    try {
      if (AgentRuntime.current() == null) {
        return false;
      }
      return ADAPTERS.forLoader(call.getClass().getClassLoader()).enqueue(call, client, request, callback);
    } catch (Throwable t) {
      failed("okhttp enqueue", t);
      return false;
    }
  }

  public static void cancel(Object call) {
    try {
      if (AgentRuntime.current() != null) {
        ADAPTERS.forLoader(call.getClass().getClassLoader()).cancel(call);
      }
    } catch (Throwable t) {
      failed("okhttp cancel", t);
    }
  }

  private static void failed(String what, Throwable t) {
    AgentRuntime runtime = AgentRuntime.current();
    if (runtime != null) {
      runtime.metrics().agentError();
    }
    Diagnostics.debug(what + " failed open: " + t);
  }
}
