package dev.rebound.agent.instrument.apache;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.instrument.Adapters;
import dev.rebound.agent.instrument.AgentRuntime;

/**
 * What the hooks of every Apache HttpClient family share: the adapter next to the application's
 * HttpClient, and the flag that lets one of Rebound's own attempts through the hooked {@code
 * doExecute} (Rebound sends its attempts through the client's public {@code execute}, which comes
 * back there). The fail-open boundary of the Apache hooks. Thread-safe.
 *
 * @param <E> the family's entry-point interface
 */
public final class ApacheHook<E> {
  /** What a hook asks of the adapter. */
  public interface EntryCall<E, R> {
    R apply(E entry) throws Exception;
  }

  /**
   * The context attribute that marks a managed attempt, for every family: the client's own status
   * retry then leaves it alone (SPEC §2).
   */
  public static final String ATTEMPT_ATTRIBUTE = "dev.rebound.managed-attempt";

  private final String client;
  private final Adapters<E> adapters;
  /** Set just before Rebound sends an attempt through the client's public {@code execute}. */
  private final ThreadLocal<Boolean> bypass = new ThreadLocal<>();

  public ApacheHook(String client, Class<E> entryType, String adapterClass) {
    this.client = client;
    this.adapters = new Adapters<>(entryType, adapterClass);
  }

  /**
   * What the adapter answers for a call of a client defined by {@code clientLoader}; null when the
   * client's own body is to run: one of Rebound's attempts, no agent, or a failure inside Rebound
   * (counted as an agent error).
   */
  public <R> R call(ClassLoader clientLoader, EntryCall<E, R> call) {
    if (bypass.get() != null) {
      // One of Rebound's own attempts: consumed here, so a call nested inside it is seen again.
      bypass.remove();
      return null;
    }
    try {
      return AgentRuntime.current() == null ? null : call.apply(adapters.forLoader(clientLoader));
    } catch (Throwable t) {
      AgentRuntime runtime = AgentRuntime.current();
      if (runtime != null) {
        runtime.agentError();
      }
      Diagnostics.debug(client + " call failed open: " + t);
      return null;
    }
  }

  /** The next {@code doExecute} on this thread is Rebound's own attempt: let it through. */
  public void bypassNext() {
    bypass.set(Boolean.TRUE);
  }

  /** Clears the flag when the attempt never reached {@code doExecute}. */
  public void clearBypass() {
    bypass.remove();
  }

  /** Whether {@code context} (an Apache {@code HttpContext}) belongs to one of Rebound's attempts. */
  public static boolean isManagedAttempt(Object context) throws ReflectiveOperationException {
    return MarkedContext.isMarked(context, ATTEMPT_ATTRIBUTE);
  }
}
