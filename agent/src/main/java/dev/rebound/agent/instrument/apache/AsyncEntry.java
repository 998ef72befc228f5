package dev.rebound.agent.instrument.apache;

/**
 * What the Apache HttpClient 5 async adapter offers its hook. Defined in the agent's loader and
 * implemented next to the application's HttpClient, so its signature names no Apache type.
 */
public interface AsyncEntry {
  /**
   * Runs {@code client.doExecute(...)} as a managed call and returns the application's future, or
   * returns null when the call is not managed and the client's own method should run.
   */
  Object execute(
      Object client,
      Object target,
      Object requestProducer,
      Object responseConsumer,
      Object pushHandlerFactory,
      Object context,
      Object callback);

  /**
   * The client's async retry exec: for a managed attempt (its original request is one of Rebound's)
   * the request goes straight down the chain and the answer is true; false lets the exec run.
   *
   * @param args the arguments of its {@code execute(request, producer, scope, chain, callback)}
   */
  boolean passThroughRetry(Object[] args) throws Exception;
}
