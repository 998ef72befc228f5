package dev.rebound.it;

/** Vert.x 5's {@code WebClient}: managed through the core {@code HttpClient} it is built on. */
class VertxWebClientIT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.vertxWebClient();
  }
}
