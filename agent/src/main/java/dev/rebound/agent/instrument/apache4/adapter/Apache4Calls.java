package dev.rebound.agent.instrument.apache4.adapter;

import dev.rebound.agent.engine.LlmCall;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache4.RequestTexts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.HttpUriRequest;

/**
 * Decides whether an HttpClient 4.5 request is a managed call (SPEC §2: an LLM host, POST, a JSON
 * entity that can be sent again or read once into memory) and describes it to the engine. The host
 * check comes first and is all that a call to another host pays. Stateless.
 */
final class Apache4Calls {
  static final String CLIENT = "apache4";

  /** A managed call: the engine's view and what each attempt needs to rebuild the request. */
  record Managed(LlmCall call, URI uri, HttpEntity entity) {}

  private Apache4Calls() {}

  /** The call as the engine sees it, or null when it is not managed. */
  static Managed managed(HttpHost target, HttpRequest request, AgentRuntime runtime)
      throws IOException {
    if (target == null) {
      // A relative URI without a target: the route planner picks the host; not ours to judge.
      return null;
    }
    String scheme = target.getSchemeName();
    int port = RequestTexts.effectivePort(scheme, target.getPort());
    if (!runtime.hosts().matches(target.getHostName(), port)) {
      return null;
    }
    if (!"POST".equalsIgnoreCase(request.getRequestLine().getMethod())
        || !(request instanceof HttpEntityEnclosingRequest enclosing)
        || enclosing.getEntity() == null
        || !RequestTexts.isJson(contentType(request, enclosing.getEntity()))) {
      return null;
    }
    HttpEntity entity = enclosing.getEntity();
    if (!entity.isRepeatable()
        && (entity.getContentLength() < 0
            || entity.getContentLength() > runtime.config().maxRequestBody())) {
      runtime.unmanagedBody();
      return null;
    }
    URI uri = uri(request);
    if (uri == null) {
      return null;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    // writeTo, not getContent: some entities (Spring's) only write.
    entity.writeTo(body);
    String host = RequestTexts.hostKey(scheme, target.getHostName(), target.getPort());
    LlmCall call =
        new LlmCall(
            CLIENT,
            host,
            RequestTexts.rawPath(uri),
            body.toByteArray(),
            name -> {
              Header h = request.getFirstHeader(name);
              return h == null ? null : h.getValue();
            });
    return new Managed(call, uri, entity);
  }

  private static String contentType(HttpRequest request, HttpEntity entity) {
    Header h = entity.getContentType();
    if (h == null) {
      h = request.getFirstHeader("Content-Type");
    }
    return h == null ? null : h.getValue();
  }

  private static URI uri(HttpRequest request) {
    if (request instanceof HttpUriRequest uriRequest) {
      return uriRequest.getURI();
    }
    try {
      return new URI(request.getRequestLine().getUri());
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
