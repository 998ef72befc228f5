package dev.rebound.agent.instrument.apache;

/**
 * What an Apache HttpClient classic adapter (4.5 or 5) offers its hook. Defined in the agent's
 * loader and implemented next to the application's HttpClient, so its signature names no Apache
 * type.
 */
public interface ClassicEntry {
  /**
   * Runs {@code client.doExecute(target, request, context)} as a managed call, or returns null when
   * the call is not managed and the client's own method should run.
   */
  ReplacedCall execute(Object client, Object target, Object request, Object context);

  /**
   * The client's retry exec, for one of Rebound's attempts: the request passed straight to the exec
   * it wraps, whose response is returned and whose exception is thrown as the retry exec's own.
   *
   * @param exec the retry exec ({@code this} of its {@code execute})
   * @param args the arguments of its {@code execute}
   */
  Object passThroughRetry(Object exec, Object[] args) throws Exception;
}
