package dev.rebound.agent.instrument.apache4.adapter;

import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.engine.Transport;
import dev.rebound.agent.instrument.apache4.Apache4Bridge;
import java.io.IOException;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.client.methods.HttpExecutionAware;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.protocol.HttpContext;

/**
 * Sends a managed call's attempts through the application's client: each passes its redirects,
 * decompression, connection pool and interceptors as a request of its own. The application's
 * {@code abort()} on its request reaches the attempt in flight. Confined to the calling thread.
 */
final class Apache4Transport implements Transport<Apache4Exchange> {
  private final CloseableHttpClient client;
  private final HttpHost target;
  private final HttpRequest original;
  private final Apache4Calls.Managed managed;
  private final HttpContext context;
  Apache4Exchange last;
  /** The client's own unchecked failure (a pool shut down, say): the application's outcome. */
  RuntimeException clientFailure;

  Apache4Transport(
      CloseableHttpClient client,
      HttpHost target,
      HttpRequest original,
      Apache4Calls.Managed managed,
      HttpContext context) {
    this.client = client;
    this.target = target;
    this.original = original;
    this.managed = managed;
    this.context = context;
  }

  @Override
  public Apache4Exchange send(AttemptRequest attempt) throws IOException {
    last = null;
    HttpEntityEnclosingRequestBase request =
        Apache4Requests.attempt(original, managed.uri(), managed.entity(), attempt);
    if (original instanceof HttpExecutionAware aware) {
      aware.setCancellable(
          () -> {
            request.abort();
            return true;
          });
    }
    Apache4Bridge.bypassNext();
    try {
      last = new Apache4Exchange(client.execute(target, request, context));
    } catch (RuntimeException e) {
      clientFailure = e;
      throw e;
    } finally {
      Apache4Bridge.clearBypass();
    }
    return last;
  }

  @Override
  public boolean isCanceled() {
    return original instanceof HttpExecutionAware aware && aware.isAborted();
  }
}
