package dev.rebound.it;

/** Apache HttpClient 4.5, blocking {@code execute}. */
class Apache4IT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.apache4();
  }
}
