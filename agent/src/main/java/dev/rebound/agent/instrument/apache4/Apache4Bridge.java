package dev.rebound.agent.instrument.apache4;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.hook.Gate;
import dev.rebound.agent.hook.HookHandler;
import dev.rebound.agent.instrument.Adapters;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache.MarkedContext;

/**
 * The handlers of Apache HttpClient 4.5's hook rows ({@link dev.rebound.agent.hook.HookTable}) and
 * what the adapter tells them. They take and return only JDK types and never throw: each is a
 * fail-open boundary that counts what went wrong as an agent error and lets the client run its own
 * code. Thread-safe.
 */
public final class Apache4Bridge {
  /**
   * The context attribute that marks a managed attempt: the client's own status retry ({@code
   * ServiceUnavailableRetryExec}) then does not retry it. A compile-time constant, so that the advice
   * inlined into the client's classes carries the string itself.
   */
  public static final String ATTEMPT_ATTRIBUTE = "dev.rebound.managed-attempt";

  private static final Adapters<Apache4Entry> ADAPTERS =
      new Adapters<>(Apache4Entry.class, "dev.rebound.agent.instrument.apache4.adapter.Apache4Adapter");
  /** Set just before Rebound sends an attempt through the client's public {@code execute}. */
  private static final ThreadLocal<Boolean> BYPASS = new ThreadLocal<>();

  private Apache4Bridge() {}

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
      failed("apache4 call", t);
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

  private static void failed(String what, Throwable t) {
    AgentRuntime runtime = AgentRuntime.current();
    if (runtime != null) {
      runtime.agentError();
    }
    Diagnostics.debug(what + " failed open: " + t);
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

  /** Rebound is the one retry loop for a managed call (SPEC §2): no status retry of an attempt. */
  public static final class NoStatusRetry implements HookHandler {
    @Override
    public Object around(Object strategy, Object[] args) throws ReflectiveOperationException {
      return MarkedContext.isMarked(args[2], ATTEMPT_ATTRIBUTE) ? Boolean.FALSE : null;
    }
  }
}
