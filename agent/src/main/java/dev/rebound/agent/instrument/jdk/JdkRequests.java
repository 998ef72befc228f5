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

  /**
   * The request for one attempt: the application's own when it can go again as it is (its body
   * publisher is replayable, {@code sameBody} is the attempt's body and it carries none of
   * Rebound's headers), else a copy.
   *
   * @param sameBody the call's body as the engine got it when the original request can be sent
   *     again, or null
   */
  static HttpRequest attempt(HttpRequest original, byte[] sameBody, AttemptRequest attempt) {
    if (attempt.sendsUnchanged(sameBody, original.uri().getRawPath())) {
      return original;
    }
    HttpRequest.Builder b = withBody(original, attempt.body());
    if (!attempt.path().equals(original.uri().getRawPath())) {
      b.uri(withPath(original.uri(), attempt.path()));
    }
    return b.build();
  }

  /** Whether the application's request can be sent as an attempt: nothing of Rebound's in it. */
  static boolean sendableAsIs(HttpRequest original, boolean replayableBody) {
    return replayableBody && !CallHeaders.anyReboundHeader(original.headers().map().keySet());
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
    StringBuilder s =
        new StringBuilder(uri.getScheme()).append("://").append(uri.getRawAuthority());
    s.append(rawPath);
    if (uri.getRawQuery() != null) {
      s.append('?').append(uri.getRawQuery());
    }
    return URI.create(s.toString());
  }
}
