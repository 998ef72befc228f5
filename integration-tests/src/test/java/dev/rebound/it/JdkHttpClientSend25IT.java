package dev.rebound.it;

/** The JDK 25 client, {@code HttpClient.send}. */
class JdkHttpClientSend25IT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.jdkClient(25, "sync");
  }
}
