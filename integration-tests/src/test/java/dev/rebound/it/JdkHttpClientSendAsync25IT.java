package dev.rebound.it;

/** The JDK 25 client, {@code HttpClient.sendAsync}. */
class JdkHttpClientSendAsync25IT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.jdkClient(25, "async");
  }
}
