package dev.rebound.agent.instrument.reactornetty.adapter;

import dev.rebound.agent.instrument.AgentRuntime;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import reactor.netty.http.client.HttpClientConfig;

/**
 * The {@link Target}s of the URIs an application calls, remembered: a client calls the same few
 * URIs again and again, and parsing one costs more than the rest of an unmanaged request's check.
 * Holds a bounded number of URIs (an application that puts ids in its URIs starts over when it is
 * full), for one runtime's configuration. Thread-safe.
 */
final class Targets {
  private static final int MAX_URIS = 256;

  private record Memo(AgentRuntime runtime, ConcurrentHashMap<String, Optional<Target>> byUri) {}

  private volatile Memo memo = new Memo(null, new ConcurrentHashMap<>());

  /** {@link Target#of}, remembered by the request's URI. */
  Target of(HttpClientConfig config, AgentRuntime runtime) {
    String uri = Target.absoluteUri(config);
    if (uri == null) {
      return null;
    }
    Memo m = memo;
    if (m.runtime() != runtime) {
      m = new Memo(runtime, new ConcurrentHashMap<>());
      memo = m;
    }
    Optional<Target> known = m.byUri().get(uri);
    if (known == null) {
      known = Optional.ofNullable(Target.of(uri, runtime));
      if (m.byUri().size() >= MAX_URIS) {
        m.byUri().clear();
      }
      m.byUri().put(uri, known);
    }
    return known.orElse(null);
  }
}
