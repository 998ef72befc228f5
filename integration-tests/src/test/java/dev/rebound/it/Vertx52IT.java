package dev.rebound.it;

/**
 * Vert.x 5.2 core {@code HttpClient}, whose request writes a Vert.x {@code Buffer}, resets through
 * {@code reset(long, Throwable)} and {@code cancel(Throwable)}, and keeps its defaults in fields of
 * its own: the whole scenario suite, as on 4.5 and 5.0.
 */
class Vertx52IT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.vertx52();
  }
}
