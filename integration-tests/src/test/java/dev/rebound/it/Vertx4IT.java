package dev.rebound.it;

/**
 * Vert.x 4.5 core {@code HttpClient}: the same application, on the 4.5 line, whose hooked methods
 * have other descriptors than 5's.
 */
class Vertx4IT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.vertx(4);
  }
}
