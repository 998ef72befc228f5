package dev.rebound.agent.instrument.apache5.adapter;

import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.engine.CallHeaders;
import dev.rebound.agent.instrument.apache4.RequestTexts;
import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.Configurable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Builds each attempt's request from the application's: the same method, URI (the path rewritten
 * only for a model in the path), version, headers without Rebound's, request config, and Rebound's
 * copy of the body. Stateless.
 */
final class Apache5Requests {
  private Apache5Requests() {}

  static HttpUriRequestBase attempt(
      ClassicHttpRequest original, URI uri, HttpEntity entity, AttemptRequest attempt) {
    URI target =
        attempt.path().equals(RequestTexts.rawPath(uri))
            ? uri
            : RequestTexts.withPath(uri, attempt.path());
    HttpUriRequestBase r = new HttpUriRequestBase(original.getMethod(), target);
    if (original.getVersion() != null) {
      r.setVersion(original.getVersion());
    }
    for (Header h : original.getHeaders()) {
      if (!CallHeaders.isReboundHeader(h.getName())) {
        r.addHeader(h);
      }
    }
    if (original instanceof Configurable configurable) {
      // The application's timeouts bound each attempt (SPEC §4).
      r.setConfig(configurable.getConfig());
    }
    r.setEntity(new AttemptEntity(attempt.body(), entity.getContentType(), entity.getContentEncoding()));
    return r;
  }
}
