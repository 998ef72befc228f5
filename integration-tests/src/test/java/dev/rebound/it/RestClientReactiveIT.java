package dev.rebound.it;

/**
 * The RESTEasy Reactive (Quarkus REST) client through the JAX-RS client API: managed through the
 * Vert.x core {@code HttpClient} it is built on.
 */
class RestClientReactiveIT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.restClientReactive();
  }
}
