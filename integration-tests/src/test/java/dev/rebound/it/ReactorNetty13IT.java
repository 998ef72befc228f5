package dev.rebound.it;

/** Reactor Netty 1.3 (Netty 4.2): every {@code response*} method, bodies of every shape. */
class ReactorNetty13IT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.reactorNetty("13");
  }
}
