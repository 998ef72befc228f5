package dev.rebound.it;

/** Apache HttpClient 5.x async: simple requests, request producers and a streaming consumer. */
class Apache5AsyncIT extends ApacheScenarios {
  @Override
  String probeClass() {
    return "dev.rebound.it.probes.Apache5AsyncProbe";
  }

  @Override
  String clientFolder() {
    return "httpclient5-" + System.getProperty("rebound.httpclient5.version");
  }

  @Override
  String mode() {
    return "async";
  }

  @Override
  String clientName() {
    return "apache5-async";
  }

  @Override
  int overloadCount() {
    return 7;
  }

  @Override
  boolean buffersOneShotBodies() {
    // Only HttpCore's in-memory producers can be replayed; any other producer goes once.
    return false;
  }
}
