package dev.rebound.agent.instrument.apache;

import dev.rebound.agent.instrument.AgentRuntime;

/**
 * Where a request goes, as Apache's types say it: the scheme, the host and the port as given (-1
 * for the scheme's default). Immutable.
 *
 * @param host null when the request names none (a relative URI: the route planner picks the host)
 */
public record Destination(String scheme, String host, int port) {
  /** SPEC §2: a call to any other host is never managed; this check is all such a call pays. */
  public boolean isLlmHost(AgentRuntime runtime) {
    return host != null && runtime.hosts().matches(host, RequestTexts.effectivePort(scheme, port));
  }

  /** The host as the metrics name it. */
  public String hostKey() {
    return RequestTexts.hostKey(scheme, host, port);
  }
}
