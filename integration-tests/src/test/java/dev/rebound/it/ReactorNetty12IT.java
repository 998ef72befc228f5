package dev.rebound.it;

/** Reactor Netty 1.2 (Netty 4.1): every {@code response*} method, bodies of every shape. */
class ReactorNetty12IT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.reactorNetty("12");
  }
}
