package dev.rebound.it;

/** Apache HttpClient 5.x async: simple requests, request producers and a streaming consumer. */
class Apache5AsyncIT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.apache5Async();
  }
}
