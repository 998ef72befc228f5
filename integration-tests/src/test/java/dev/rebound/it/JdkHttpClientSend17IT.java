package dev.rebound.it;

/** The JDK 17 client, {@code HttpClient.send}. */
class JdkHttpClientSend17IT extends JdkHttpClientScenarios {
  @Override
  int jdk() {
    return 17;
  }

  @Override
  String mode() {
    return "sync";
  }
}
