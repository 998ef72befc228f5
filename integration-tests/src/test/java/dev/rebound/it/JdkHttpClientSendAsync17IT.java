package dev.rebound.it;

/** The JDK 17 client, {@code HttpClient.sendAsync}. */
class JdkHttpClientSendAsync17IT extends JdkHttpClientScenarios {
  @Override
  int jdk() {
    return 17;
  }

  @Override
  String mode() {
    return "async";
  }
}
