package dev.rebound.it;

/** OkHttp 5.x, {@code Call.enqueue()}. */
class OkHttp5AsyncIT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.okHttp(5, "async");
  }
}
