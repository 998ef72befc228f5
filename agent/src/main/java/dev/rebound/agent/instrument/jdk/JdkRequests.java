package dev.rebound.agent.instrument.jdk;

import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.engine.CallHeaders;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * Builds each attempt's request from the application's: the same URI, headers, version, timeout and
 * expect-continue ({@code HttpRequest.newBuilder(request, filter)} copies them), Rebound's headers
 * out, Rebound's copy of the body in. Stateless.
 */
final class JdkRequests {
  private JdkRequests() {}

  static HttpRequest attempt(HttpRequest original, AttemptRequest attempt) {
    HttpRequest.Builder b = withBody(original, attempt.body());
    if (!attempt.path().equals(original.uri().getRawPath())) {
      b.uri(withPath(original.uri(), attempt.path()));
    }
    return b.build();
  }

  /** The application's request with Rebound's headers removed and {@code body} as its body. */
  static HttpRequest.Builder withBody(HttpRequest original, byte[] body) {
    return HttpRequest.newBuilder(original, (name, value) -> !CallHeaders.isReboundHeader(name))
        .method(original.method(), HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /** The application's request, sent once with a body Rebound read past its limit (SPEC §2). */
  static HttpRequest withTooLargeBody(HttpRequest original, RequestBodyReader.BodyTooLarge body) {
    return HttpRequest.newBuilder(original, (name, value) -> !CallHeaders.isReboundHeader(name))
        .method(original.method(), HttpRequest.BodyPublishers.fromPublisher(body.publisher()))
        .build();
  }

  /** {@code uri} with another raw path; scheme, authority and query stay as they were. */
  static URI withPath(URI uri, String rawPath) {
    StringBuilder s = new StringBuilder(uri.getScheme()).append("://").append(uri.getRawAuthority());
    s.append(rawPath);
    if (uri.getRawQuery() != null) {
      s.append('?').append(uri.getRawQuery());
    }
    return URI.create(s.toString());
  }
}
