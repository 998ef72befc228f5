package dev.rebound.it;

/** The JDK 25 client, {@code HttpClient.sendAsync}. */
class JdkHttpClientSendAsync25IT extends JdkHttpClientScenarios {
  @Override
  int jdk() {
    return 25;
  }

  @Override
  String mode() {
    return "async";
  }
}
