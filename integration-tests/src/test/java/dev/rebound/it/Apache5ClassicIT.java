package dev.rebound.it;

/** Apache HttpClient 5.x classic: the blocking {@code execute} and {@code executeOpen}. */
class Apache5ClassicIT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.apache5Classic();
  }
}
