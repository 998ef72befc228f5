package dev.rebound.it;

/** Vert.x 5 core {@code HttpClient}: buffers, strings and streams, every handler on its context. */
class Vertx5IT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.vertx(5);
  }
}
