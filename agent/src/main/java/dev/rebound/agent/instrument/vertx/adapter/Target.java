package dev.rebound.agent.instrument.vertx.adapter;

import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache.RequestTexts;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Where a Vert.x request goes, from its options and its client's defaults, the way Vert.x itself
 * resolves them. Immutable.
 */
record Target(String scheme, String host, int port) {

  /**
   * The target of a POST to an LLM host, or null for any other request (SPEC §2: this check is all
   * such a request pays).
   */
  static Target ofLlmPost(Object client, RequestOptions options, AgentRuntime runtime) {
    if (!HttpMethod.POST.equals(options.getMethod())) {
      return null;
    }
    String host = options.getHost();
    Boolean ssl = options.isSsl();
    Integer port = options.getPort();
    if (host == null || ssl == null || port == null) {
      ClientDefaults defaults = ClientDefaults.of(client);
      host = host == null ? defaults.host() : host;
      ssl = ssl == null ? defaults.ssl() : ssl;
      port = port == null ? defaults.port() : port;
    }
    String scheme = ssl ? "https" : "http";
    int given = port == null ? -1 : port;
    if (host == null || !runtime.hosts().matches(host, RequestTexts.effectivePort(scheme, given))) {
      return null;
    }
    return new Target(scheme, host, given);
  }

  String hostKey() {
    return RequestTexts.hostKey(scheme, host, port);
  }
}
