package dev.rebound.agent.instrument.apache5.adapter;

import dev.rebound.agent.engine.LlmCall;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache4.RequestTexts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Decides whether an HttpClient 5 classic request is a managed call (SPEC §2: an LLM host, POST, a
 * JSON entity that can be sent again or read once into memory) and describes it to the engine. The
 * host check comes first and is all that a call to another host pays. Stateless.
 */
final class Apache5Calls {
  static final String CLIENT = "apache5";

  /** A managed call: the engine's view and what each attempt needs to rebuild the request. */
  record Managed(LlmCall call, URI uri, HttpEntity entity) {}

  private Apache5Calls() {}

  /** The call as the engine sees it, or null when it is not managed. */
  static Managed managed(HttpHost target, ClassicHttpRequest request, AgentRuntime runtime)
      throws IOException {
    String scheme = target != null ? target.getSchemeName() : request.getScheme();
    URIAuthority authority = request.getAuthority();
    String host = target != null ? target.getHostName() : authority == null ? null : authority.getHostName();
    int port = target != null ? target.getPort() : authority == null ? -1 : authority.getPort();
    if (host == null || !runtime.hosts().matches(host, RequestTexts.effectivePort(scheme, port))) {
      return null;
    }
    HttpEntity entity = request.getEntity();
    if (!"POST".equalsIgnoreCase(request.getMethod())
        || entity == null
        || !RequestTexts.isJson(contentType(request, entity))) {
      return null;
    }
    if (!entity.isRepeatable()
        && (entity.getContentLength() < 0
            || entity.getContentLength() > runtime.config().maxRequestBody())) {
      runtime.unmanagedBody();
      return null;
    }
    URI uri;
    try {
      uri = request.getUri();
    } catch (URISyntaxException e) {
      return null;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    // writeTo, not getContent: Spring's request entity only writes.
    entity.writeTo(body);
    LlmCall call =
        new LlmCall(
            CLIENT,
            RequestTexts.hostKey(scheme, host, port),
            RequestTexts.rawPath(uri),
            body.toByteArray(),
            name -> {
              Header h = request.getFirstHeader(name);
              return h == null ? null : h.getValue();
            });
    return new Managed(call, uri, entity);
  }

  private static String contentType(ClassicHttpRequest request, HttpEntity entity) {
    if (entity.getContentType() != null) {
      return entity.getContentType();
    }
    Header h = request.getFirstHeader("Content-Type");
    return h == null ? null : h.getValue();
  }
}
