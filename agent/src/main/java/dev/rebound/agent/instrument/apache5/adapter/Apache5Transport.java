package dev.rebound.agent.instrument.apache5.adapter;

import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.engine.Transport;
import dev.rebound.agent.instrument.apache5.Apache5Bridge;
import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Sends a managed call's attempts through the application's client: each passes its redirects,
 * decompression, connection pool and interceptors as a request of its own. The application's
 * {@code cancel()} on its request reaches the attempt in flight. Confined to the calling thread.
 */
final class Apache5Transport implements Transport<Apache5Exchange> {
  private final CloseableHttpClient client;
  private final HttpHost target;
  private final ClassicHttpRequest original;
  private final Apache5Calls.Managed managed;
  private final HttpContext context;
  Apache5Exchange last;
  /** The client's own unchecked failure (a pool shut down, say): the application's outcome. */
  RuntimeException clientFailure;

  Apache5Transport(
      CloseableHttpClient client,
      HttpHost target,
      ClassicHttpRequest original,
      Apache5Calls.Managed managed,
      HttpContext context) {
    this.client = client;
    this.target = target;
    this.original = original;
    this.managed = managed;
    this.context = context;
  }

  @Override
  @SuppressWarnings("deprecation") // execute(HttpHost, request, context): the one form every 5.x has
  public Apache5Exchange send(AttemptRequest attempt) throws IOException {
    last = null;
    HttpUriRequestBase request =
        Apache5Requests.attempt(original, managed.uri(), managed.entity(), attempt);
    if (original instanceof CancellableDependency dependency) {
      dependency.setDependency(request);
    }
    Apache5Bridge.bypassNext();
    try {
      last = new Apache5Exchange(client.execute(target, request, context), request);
    } catch (RuntimeException e) {
      clientFailure = e;
      throw e;
    } finally {
      Apache5Bridge.clearBypass();
    }
    return last;
  }

  @Override
  public boolean isCanceled() {
    return original instanceof CancellableDependency dependency && dependency.isCancelled();
  }
}
