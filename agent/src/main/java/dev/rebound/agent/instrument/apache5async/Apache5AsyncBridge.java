package dev.rebound.agent.instrument.apache5async;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.instrument.Adapters;
import dev.rebound.agent.instrument.AgentRuntime;

/**
 * The static methods that Apache HttpClient 5 async's instrumented bytecode calls. They take and
 * return only JDK types and never throw: each is a fail-open boundary that counts what went wrong as
 * an agent error and lets the client run its own code. Thread-safe.
 */
public final class Apache5AsyncBridge {
  private static final Adapters<Apache5AsyncEntry> ADAPTERS =
      new Adapters<>(
          Apache5AsyncEntry.class,
          "dev.rebound.agent.instrument.apache5async.adapter.Apache5AsyncAdapter");
  /** Set just before Rebound sends an attempt through the client's public {@code execute}. */
  private static final ThreadLocal<Boolean> BYPASS = new ThreadLocal<>();

  private Apache5AsyncBridge() {}

  /** The application's future for a managed call, or null to run the client's own body. */
  public static Object execute(
      Object client,
      Object target,
      Object requestProducer,
      Object responseConsumer,
      Object pushHandlerFactory,
      Object context,
      Object callback,
      ClassLoader clientLoader) {
    if (BYPASS.get() != null) {
      // One of Rebound's own attempts: consumed here, so a call nested inside it is seen again.
      BYPASS.remove();
      return null;
    }
    try {
      if (AgentRuntime.current() == null) {
        return null;
      }
      return ADAPTERS
          .forLoader(clientLoader)
          .execute(
              client, target, requestProducer, responseConsumer, pushHandlerFactory, context, callback);
    } catch (Throwable t) {
      AgentRuntime runtime = AgentRuntime.current();
      if (runtime != null) {
        runtime.metrics().agentError();
      }
      Diagnostics.debug("apache5-async call failed open: " + t);
      return null;
    }
  }

  /** The next {@code doExecute} on this thread is Rebound's own attempt: let it through. */
  public static void bypassNext() {
    BYPASS.set(Boolean.TRUE);
  }

  /** Clears the flag when the attempt never reached {@code doExecute}. */
  public static void clearBypass() {
    BYPASS.remove();
  }
}
