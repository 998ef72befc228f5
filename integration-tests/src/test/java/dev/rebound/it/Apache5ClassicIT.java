package dev.rebound.it;

/** Apache HttpClient 5.x classic: the blocking {@code execute} and {@code executeOpen}. */
class Apache5ClassicIT extends ApacheScenarios {
  @Override
  String probeClass() {
    return "dev.rebound.it.probes.Apache5Probe";
  }

  @Override
  String clientFolder() {
    return "httpclient5-" + System.getProperty("rebound.httpclient5.version");
  }

  @Override
  String mode() {
    return "sync";
  }

  @Override
  String clientName() {
    return "apache5";
  }

  @Override
  int overloadCount() {
    return 10;
  }
}
