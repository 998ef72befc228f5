package dev.rebound.it;

/** The JDK 17 client, {@code HttpClient.sendAsync}. */
class JdkHttpClientSendAsync17IT extends LlmClientScenarios {
  @Override
  ClientProbe client() {
    return ClientProbe.jdkClient(17, "async");
  }
}
