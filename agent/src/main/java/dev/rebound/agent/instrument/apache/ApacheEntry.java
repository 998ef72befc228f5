package dev.rebound.agent.instrument.apache;

/**
 * What every Apache HttpClient adapter offers the hook of its {@code doExecute}. Defined in the
 * agent's loader and implemented next to the application's HttpClient, so its signature names no
 * Apache type.
 *
 * @param <R> what a managed call answers the hook with
 */
public interface ApacheEntry<R> {
  /**
   * Runs the hooked {@code doExecute} as a managed call, or returns null when the call is not
   * managed and the client's own method should run.
   *
   * @param client the client ({@code this} of its {@code doExecute})
   * @param args the arguments of its {@code doExecute}, as the hook row declares them
   */
  R execute(Object client, Object[] args);
}
