package dev.rebound.agent.instrument.apache4.adapter;

import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.instrument.apache.ApacheHeaders;
import java.net.URI;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.Configurable;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.entity.ByteArrayEntity;

/**
 * Builds each attempt's request from the application's: the same method, URI (the path rewritten
 * only for a model in the path), headers without Rebound's, request config and parameters, and
 * Rebound's copy of the body. Stateless.
 */
final class Apache4Requests {
  private Apache4Requests() {}

  @SuppressWarnings("deprecation") // HttpParams: still how 4.x applications set per-request options
  static HttpEntityEnclosingRequestBase attempt(
      HttpRequest original, URI uri, HttpEntity entity, AttemptRequest attempt) {
    AttemptRequest4 r = new AttemptRequest4(original.getRequestLine().getMethod());
    r.setURI(uri);
    r.setProtocolVersion(original.getRequestLine().getProtocolVersion());
    ApacheHeaders.copyAllButRebound(original.getAllHeaders(), Header::getName, r::addHeader);
    if (original instanceof Configurable configurable) {
      // The application's timeouts bound each attempt (SPEC §4).
      r.setConfig(configurable.getConfig());
    }
    r.setParams(original.getParams());
    r.setEntity(entity(attempt.body(), entity));
    return r;
  }

  /** Rebound's copy of a request body, with the application's content type and encoding. */
  static HttpEntity entity(byte[] body, HttpEntity like) {
    // Repeatable, so the client's redirects and its retries of requests that never left still work.
    ByteArrayEntity copy = new ByteArrayEntity(body);
    copy.setContentType(like.getContentType());
    copy.setContentEncoding(like.getContentEncoding());
    return copy;
  }

  /** A request of any method with a body: the one HttpClient 4.5 class that takes both. */
  private static final class AttemptRequest4 extends HttpEntityEnclosingRequestBase {
    private final String method;

    AttemptRequest4(String method) {
      this.method = method;
    }

    @Override
    public String getMethod() {
      return method;
    }
  }
}
