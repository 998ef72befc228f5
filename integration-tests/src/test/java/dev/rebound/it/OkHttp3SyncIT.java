package dev.rebound.it;

/** OkHttp 3.x, {@code Call.execute()}. */
class OkHttp3SyncIT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.okHttp(3, "sync");
  }
}
