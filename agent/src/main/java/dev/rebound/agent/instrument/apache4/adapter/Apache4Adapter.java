package dev.rebound.agent.instrument.apache4.adapter;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache4.Apache4Bridge;
import dev.rebound.agent.instrument.apache4.Apache4Entry;
import dev.rebound.agent.instrument.apache4.ReplacedCall;
import java.io.IOException;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.protocol.HttpContext;

/**
 * The HttpClient 4.5 adapter's entry point, one per application class loader that holds the client:
 * runs a managed call's attempts through the engine. The fail-open boundary of 4.5 calls: before an
 * attempt was sent, anything that goes wrong lets the client's own method run; after, the last real
 * outcome goes to the application. Thread-safe (stateless).
 */
public final class Apache4Adapter implements Apache4Entry {

  @Override
  public ReplacedCall execute(Object client, Object target, Object request, Object context) {
    AgentRuntime runtime = AgentRuntime.current();
    HttpRequest original = (HttpRequest) request;
    Apache4Calls.Managed managed;
    try {
      managed = Apache4Calls.managed((HttpHost) target, original, runtime);
    } catch (IOException e) {
      // The entity could not be read: let the client send it as the application built it.
      return null;
    }
    if (managed == null) {
      runtime.passthrough();
      return null;
    }
    if (!managed.entity().isRepeatable()) {
      // Read once already: should Rebound fail open, the client sends Rebound's copy instead.
      ((HttpEntityEnclosingRequest) original)
          .setEntity(
              new AttemptEntity(
                  managed.call().body(),
                  managed.entity().getContentType(),
                  managed.entity().getContentEncoding()));
    }
    HttpContext attemptContext = context == null ? HttpClientContext.create() : (HttpContext) context;
    boolean marked = attemptContext.getAttribute(Apache4Bridge.ATTEMPT_ATTRIBUTE) == null;
    attemptContext.setAttribute(Apache4Bridge.ATTEMPT_ATTRIBUTE, Boolean.TRUE);
    Apache4Transport transport =
        new Apache4Transport(
            (CloseableHttpClient) client, (HttpHost) target, original, managed, attemptContext);
    try {
      return ReplacedCall.returning(
          Apache4Responses.toResponse(runtime.engine().execute(managed.call(), transport)));
    } catch (IOException e) {
      return ReplacedCall.throwing(e);
    } catch (Throwable t) {
      return failOpen(runtime, transport, t);
    } finally {
      if (marked) {
        attemptContext.removeAttribute(Apache4Bridge.ATTEMPT_ATTRIBUTE);
      }
    }
  }

  private static ReplacedCall failOpen(AgentRuntime runtime, Apache4Transport transport, Throwable t) {
    if (t == transport.clientFailure) {
      // The client itself threw (not Rebound): that is the call's outcome.
      return ReplacedCall.throwing(t);
    }
    runtime.agentError();
    Diagnostics.debug("apache4 call failed open: " + t);
    // An attempt that came back and was not closed is the real outcome; otherwise the client runs
    // the application's request once more, unmanaged.
    if (transport.last != null && !transport.last.discarded) {
      return ReplacedCall.returning(transport.last.response);
    }
    return null;
  }

}
