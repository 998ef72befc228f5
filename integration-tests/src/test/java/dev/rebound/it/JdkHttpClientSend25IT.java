package dev.rebound.it;

/** The JDK 25 client, {@code HttpClient.send}. */
class JdkHttpClientSend25IT extends JdkHttpClientScenarios {
  @Override
  int jdk() {
    return 25;
  }

  @Override
  String mode() {
    return "sync";
  }
}
