package dev.rebound.agent.instrument.apache4;

/**
 * What the Apache HttpClient 4.5 adapter offers the bridge. Defined in the agent's loader and
 * implemented next to the application's HttpClient, so its signature names no Apache type.
 */
public interface Apache4Entry {
  /**
   * Runs {@code client.doExecute(target, request, context)} as a managed call, or returns null when
   * the call is not managed and the client's own method should run.
   */
  ReplacedCall execute(Object client, Object target, Object request, Object context);
}
