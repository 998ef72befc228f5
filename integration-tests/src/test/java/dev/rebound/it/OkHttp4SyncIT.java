package dev.rebound.it;

/** OkHttp 4.x, {@code Call.execute()}. */
class OkHttp4SyncIT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.okHttp(4, "sync");
  }
}
