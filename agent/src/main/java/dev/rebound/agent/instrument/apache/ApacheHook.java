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

  private static final int BYPASS = 0;
  private static final int ATTEMPT = 1;

  /**
   * This thread's flags. {@code BYPASS}: set just before Rebound sends an attempt through the
   * client's public {@code execute}. {@code ATTEMPT}: set while one of Rebound's blocking attempts
   * runs, so that the client's own retry exec passes it straight on. A thread's state, not the
   * application's context, so that no other thread (nor a shared context) ever sees it; kept for
   * the thread's life and changed in place, since each value a {@code ThreadLocal} gains after a
   * {@code remove} is a new weak reference, twice per call.
   */
  private final ThreadLocal<boolean[]> flags = new Flags();

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
    boolean[] f = flags.get();
    if (f[BYPASS]) {
      // One of Rebound's own attempts: consumed here, so a call nested inside it is seen again.
      f[BYPASS] = false;
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
    boolean[] f = flags.get();
    f[BYPASS] = true;
    f[ATTEMPT] = true;
  }

  /** Once the attempt is over (or never reached {@code doExecute}). */
  public void clearBypass() {
    boolean[] f = flags.get();
    f[BYPASS] = false;
    f[ATTEMPT] = false;
  }

  /** Whether one of Rebound's blocking attempts is running on this thread. */
  public boolean inAttempt() {
    return flags.get()[ATTEMPT];
  }

  /** A class, not {@code withInitial}'s lambda: it is made on the first call. */
  private static final class Flags extends ThreadLocal<boolean[]> {
    @Override
    protected boolean[] initialValue() {
      return new boolean[2];
    }
  }
}
