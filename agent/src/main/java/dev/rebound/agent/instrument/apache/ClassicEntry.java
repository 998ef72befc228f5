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
}
