package dev.rebound.agent.instrument.reactornetty.adapter;

import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache.RequestTexts;
import java.net.URI;
import reactor.netty.http.client.HttpClientConfig;

/**
 * Where a Reactor Netty request goes, when that is an LLM host: its absolute URI (the config's URI,
 * resolved against its base URL) and what the engine is told of it. Immutable.
 */
record Target(URI uri, String hostKey, String path, String query) {

  /** The request's absolute URI (resolved against the base URL), or null when not known yet. */
  static String absoluteUri(HttpClientConfig config) {
    String uri = config.uri();
    if (uri == null) {
      return null;
    }
    if (!uri.startsWith("http://") && !uri.startsWith("https://")) {
      String base = config.baseUrl();
      if (base == null) {
        return null;
      }
      uri = base.endsWith("/") && uri.startsWith("/") ? base + uri.substring(1) : base + uri;
    }
    return uri;
  }

  /** The target of an absolute URI, or null when it is not an LLM host. */
  static Target of(String uri, AgentRuntime runtime) {
    URI u;
    try {
      u = URI.create(uri);
    } catch (IllegalArgumentException e) {
      return null;
    }
    String host = u.getHost();
    if (host == null
        || !runtime.hosts().matches(host, RequestTexts.effectivePort(u.getScheme(), u.getPort()))) {
      return null;
    }
    return new Target(
        u,
        RequestTexts.hostKey(u.getScheme(), host, u.getPort()),
        RequestTexts.rawPath(u),
        u.getRawQuery());
  }

  /** The URI of an attempt whose model is in the path: another path, the same query. */
  String withPath(String rawPath) {
    return RequestTexts.withPath(uri, rawPath).toString();
  }
}
