package dev.rebound.it;

/** Reactor Netty 1.1 (Netty 4.1): every {@code response*} method, bodies of every shape. */
class ReactorNetty11IT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.reactorNetty("11");
  }
}
