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

  private final String client;
  private final Adapters<E> adapters;

  /** Set just before Rebound sends an attempt through the client's public {@code execute}. */
  private final ThreadLocal<Boolean> bypass = new ThreadLocal<>();

  /**
   * Set while one of Rebound's blocking attempts runs on this thread: the client's own retry exec
   * then passes it straight on. A thread's state, not the application's context, so that no other
   * thread (nor a shared context) ever sees it.
   */
  private final ThreadLocal<Boolean> attempt = new ThreadLocal<>();

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

  /** The adapter for a client defined by {@code clientLoader}. */
  public E entry(ClassLoader clientLoader) throws ReflectiveOperationException {
    return adapters.forLoader(clientLoader);
  }

  /** The next {@code doExecute} on this thread is Rebound's own attempt: let it through. */
  public void bypassNext() {
    bypass.set(Boolean.TRUE);
    attempt.set(Boolean.TRUE);
  }

  /** Once the attempt is over (or never reached {@code doExecute}). */
  public void clearBypass() {
    bypass.remove();
    attempt.remove();
  }

  /** Whether one of Rebound's blocking attempts is running on this thread. */
  public boolean inAttempt() {
    return attempt.get() != null;
  }
}
