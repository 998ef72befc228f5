package dev.rebound.agent.instrument.apache5.adapter;

import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.engine.CallHeaders;
import dev.rebound.agent.instrument.apache.Destination;
import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.Configurable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Reads where the application's request goes, and builds each attempt's request from it: the same
 * method, URI (the path rewritten only for a model in the path), version, headers without
 * Rebound's, request config, and Rebound's copy of the body. Stateless.
 */
final class Apache5Requests {
  private Apache5Requests() {}

  /** The target the client was given, else the request's own scheme and authority. */
  static Destination destination(HttpHost target, ClassicHttpRequest request) {
    if (target != null) {
      return new Destination(target.getSchemeName(), target.getHostName(), target.getPort());
    }
    URIAuthority authority = request.getAuthority();
    return authority == null
        ? new Destination(request.getScheme(), null, -1)
        : new Destination(request.getScheme(), authority.getHostName(), authority.getPort());
  }

  static HttpUriRequestBase attempt(
      ClassicHttpRequest original, URI uri, HttpEntity entity, AttemptRequest attempt) {
    HttpUriRequestBase r = new HttpUriRequestBase(original.getMethod(), uri);
    if (original.getVersion() != null) {
      r.setVersion(original.getVersion());
    }
    // ApacheHeaders.copyAllButRebound written out: its method references would be spun into
    // classes by this, the first managed call's attempt.
    for (Header header : original.getHeaders()) {
      if (!CallHeaders.isReboundHeader(header.getName())) {
        r.addHeader(header);
      }
    }
    if (original instanceof Configurable configurable) {
      // The application's timeouts bound each attempt (SPEC §4).
      r.setConfig(configurable.getConfig());
    }
    r.setEntity(
        new AttemptEntity(attempt.body(), entity.getContentType(), entity.getContentEncoding()));
    return r;
  }
}
