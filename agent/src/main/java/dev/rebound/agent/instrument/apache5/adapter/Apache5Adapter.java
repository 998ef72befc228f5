package dev.rebound.agent.instrument.apache5.adapter;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache4.ReplacedCall;
import dev.rebound.agent.instrument.apache5.Apache5Bridge;
import dev.rebound.agent.instrument.apache5.Apache5Entry;
import java.io.IOException;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The HttpClient 5 classic adapter's entry point, one per application class loader that holds the
 * client: runs a managed call's attempts through the engine. The fail-open boundary of 5.x classic
 * calls: before an attempt was sent, anything that goes wrong lets the client's own method run;
 * after, the last real outcome goes to the application. Thread-safe (stateless).
 */
public final class Apache5Adapter implements Apache5Entry {

  @Override
  public ReplacedCall execute(Object client, Object target, Object request, Object context) {
    AgentRuntime runtime = AgentRuntime.current();
    ClassicHttpRequest original = (ClassicHttpRequest) request;
    Apache5Calls.Managed managed;
    try {
      managed = Apache5Calls.managed((HttpHost) target, original, runtime);
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
      original.setEntity(
          new AttemptEntity(
              managed.call().body(),
              managed.entity().getContentType(),
              managed.entity().getContentEncoding()));
    }
    HttpContext attemptContext = context == null ? HttpClientContext.create() : (HttpContext) context;
    boolean marked = attemptContext.getAttribute(Apache5Bridge.ATTEMPT_ATTRIBUTE) == null;
    attemptContext.setAttribute(Apache5Bridge.ATTEMPT_ATTRIBUTE, Boolean.TRUE);
    Apache5Transport transport =
        new Apache5Transport(
            (CloseableHttpClient) client, (HttpHost) target, original, managed, attemptContext);
    try {
      return ReplacedCall.returning(
          Apache5Responses.toResponse(runtime.engine().execute(managed.call(), transport)));
    } catch (IOException e) {
      return ReplacedCall.throwing(e);
    } catch (Throwable t) {
      return failOpen(runtime, transport, t);
    } finally {
      if (marked) {
        attemptContext.removeAttribute(Apache5Bridge.ATTEMPT_ATTRIBUTE);
      }
    }
  }

  private static ReplacedCall failOpen(AgentRuntime runtime, Apache5Transport transport, Throwable t) {
    if (t == transport.clientFailure) {
      // The client itself threw (not Rebound): that is the call's outcome.
      return ReplacedCall.throwing(t);
    }
    runtime.agentError();
    Diagnostics.debug("apache5 call failed open: " + t);
    // An attempt that came back and was not closed is the real outcome; otherwise the client runs
    // the application's request once more, unmanaged.
    if (transport.last != null && !transport.last.discarded) {
      return ReplacedCall.returning(transport.last.response);
    }
    return null;
  }
}
