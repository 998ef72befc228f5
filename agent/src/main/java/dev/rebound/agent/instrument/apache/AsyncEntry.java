package dev.rebound.agent.instrument.apache;

/**
 * What the Apache HttpClient 5 async adapter offers its hooks: a managed call is answered with the
 * application's future.
 */
public interface AsyncEntry extends ApacheEntry<Object> {
  /**
   * The client's async retry exec: for a managed attempt (its original request is one of Rebound's)
   * the request goes straight down the chain and the answer is true; false lets the exec run.
   *
   * @param args the arguments of its {@code execute(request, producer, scope, chain, callback)}
   */
  boolean passThroughRetry(Object[] args) throws Exception;
}
