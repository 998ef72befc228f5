package dev.rebound.it;

/** OkHttp 4.x, {@code Call.enqueue()}. */
class OkHttp4AsyncIT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.okHttp(4, "async");
  }
}
