package dev.rebound.agent.instrument.apache5async;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.hook.HookHandler;
import dev.rebound.agent.instrument.Adapters;
import dev.rebound.agent.instrument.AgentRuntime;

/**
 * The handler of Apache HttpClient 5 async's hook rows ({@link dev.rebound.agent.hook.HookTable})
 * and what the adapter tells it. It takes and returns only JDK types and never throws: a fail-open
 * boundary that counts what went wrong as an agent error and lets the client run its own code.
 * Thread-safe.
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
        runtime.agentError();
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

  /** The six-argument {@code doExecute}: the application's future when Rebound manages the call. */
  public static final class DoExecute implements HookHandler {
    @Override
    public Object around(Object client, Object[] args) {
      return execute(
          client, args[0], args[1], args[2], args[3], args[4], args[5],
          client.getClass().getClassLoader());
    }
  }
}
