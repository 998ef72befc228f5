package dev.rebound.it;

/** Apache HttpClient 4.5, blocking {@code execute}. */
class Apache4IT extends ApacheScenarios {
  @Override
  String probeClass() {
    return "dev.rebound.it.probes.Apache4Probe";
  }

  @Override
  String clientFolder() {
    return "httpclient-" + System.getProperty("rebound.httpclient4.version");
  }

  @Override
  String mode() {
    return "sync";
  }

  @Override
  String clientName() {
    return "apache4";
  }

  @Override
  int overloadCount() {
    return 10;
  }
}
