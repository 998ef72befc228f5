package dev.rebound.agent.instrument.apache5.adapter;

import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache4.ReplacedCall;
import dev.rebound.agent.instrument.apache5.Apache5Entry;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The HttpClient 5 classic adapter's entry point, one per application class loader that holds the
 * client: each call of the hooked {@code doExecute} runs as an {@link Apache5Call}. Thread-safe
 * (stateless).
 */
public final class Apache5Adapter implements Apache5Entry {

  @Override
  public ReplacedCall execute(Object client, Object target, Object request, Object context) {
    CloseableHttpClient c = (CloseableHttpClient) client;
    ClassicHttpRequest r = (ClassicHttpRequest) request;
    HttpContext x = (HttpContext) context;
    return new Apache5Call(c, (HttpHost) target, r, x).run(AgentRuntime.current());
  }
}
