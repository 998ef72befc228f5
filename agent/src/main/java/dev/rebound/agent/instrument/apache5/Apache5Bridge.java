package dev.rebound.agent.instrument.apache5;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.hook.HookHandler;
import dev.rebound.agent.instrument.Adapters;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache.MarkedContext;
import dev.rebound.agent.instrument.apache4.ReplacedCall;

/**
 * The handlers of Apache HttpClient 5 classic's hook rows ({@link dev.rebound.agent.hook.HookTable})
 * and what the adapter tells them. They take and return only JDK types and never throw: each is a
 * fail-open boundary that counts what went wrong as an agent error and lets the client run its own
 * code. Thread-safe.
 */
public final class Apache5Bridge {
  /**
   * The context attribute that marks a managed attempt, classic or async: {@code
   * DefaultHttpRequestRetryStrategy} then does not retry its status (HttpClient 5 retries 429 and
   * 503 by default). A compile-time constant, so the advice inlined into the client carries it.
   */
  public static final String ATTEMPT_ATTRIBUTE = "dev.rebound.managed-attempt";

  private static final Adapters<Apache5Entry> ADAPTERS =
      new Adapters<>(Apache5Entry.class, "dev.rebound.agent.instrument.apache5.adapter.Apache5Adapter");
  /** Set just before Rebound sends an attempt through the client's public {@code execute}. */
  private static final ThreadLocal<Boolean> BYPASS = new ThreadLocal<>();

  private Apache5Bridge() {}

  /** The replacement for {@code doExecute}, or null to run the client's own body. */
  public static ReplacedCall execute(
      Object client, Object target, Object request, Object context, ClassLoader clientLoader) {
    if (BYPASS.get() != null) {
      // One of Rebound's own attempts: consumed here, so a call nested inside it is seen again.
      BYPASS.remove();
      return null;
    }
    try {
      if (AgentRuntime.current() == null) {
        return null;
      }
      return ADAPTERS.forLoader(clientLoader).execute(client, target, request, context);
    } catch (Throwable t) {
      AgentRuntime runtime = AgentRuntime.current();
      if (runtime != null) {
        runtime.agentError();
      }
      Diagnostics.debug("apache5 call failed open: " + t);
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

  /** {@code doExecute(target, request, context)}: replaced when Rebound manages the call. */
  public static final class DoExecute implements HookHandler {
    @Override
    public Object around(Object client, Object[] args) {
      ReplacedCall replaced =
          execute(client, args[0], args[1], args[2], client.getClass().getClassLoader());
      return replaced == null ? null : replaced.answer();
    }
  }

  /**
   * {@code DefaultHttpRequestRetryStrategy.retryRequest(response, count, context)}, which retries
   * 429 and 503 by default, classic and async alike: "no" for a managed attempt (SPEC §2).
   */
  public static final class NoStatusRetry implements HookHandler {
    @Override
    public Object around(Object strategy, Object[] args) throws ReflectiveOperationException {
      return MarkedContext.isMarked(args[2], ATTEMPT_ATTRIBUTE) ? Boolean.FALSE : null;
    }
  }
}
