package dev.rebound.it;

/** OkHttp 3.x, {@code Call.enqueue()}. */
class OkHttp3AsyncIT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.okHttp(3, "async");
  }
}
