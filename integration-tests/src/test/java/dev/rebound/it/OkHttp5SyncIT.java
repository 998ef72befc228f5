package dev.rebound.it;

/** OkHttp 5.x, {@code Call.execute()}. */
class OkHttp5SyncIT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.okHttp(5, "sync");
  }
}
