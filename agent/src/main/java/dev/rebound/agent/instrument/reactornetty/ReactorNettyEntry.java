package dev.rebound.agent.instrument.reactornetty;

/**
 * What the Reactor Netty adapter offers its hooks. Defined in the agent's loader and implemented
 * next to the application's Reactor Netty, so its signatures name no Reactor or Netty type.
 */
public interface ReactorNettyEntry {
  /**
   * One of {@code HttpClientFinalizer}'s five {@code response*} methods: the publisher the
   * application gets for a managed call (Rebound's), or null to run the method as it is.
   *
   * @param finalizer the request as the application configured it
   * @param method the method's name; {@code args} tells {@code response()} from {@code
   *     response(fn)}
   * @param args the method's arguments (the application's receiver, or none)
   */
  Object respond(Object finalizer, String method, Object[] args);

  /**
   * {@code HttpClientOperations.send(Publisher)}: for the first request of a managed call, the
   * outbound that sends Rebound's copy of the body; null to let the body go as it is.
   */
  Object send(Object operations, Object body);
}
