package dev.rebound.agent.instrument.apache;

import dev.rebound.agent.engine.LlmCall;
import dev.rebound.agent.instrument.AgentRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;

/**
 * A blocking Apache request that Rebound manages: the engine's view of it and the URI each attempt
 * is rebuilt from. Immutable.
 */
public record ManagedCall(LlmCall call, URI uri) {
  /**
   * The call as the engine sees it, or null when it is not managed (SPEC §2): a POST of a JSON
   * entity that can be sent again or read once into memory. A one-shot entity of unknown or too
   * large a length is counted as {@code unmanaged_body}. The caller has checked the host already.
   */
  public static ManagedCall of(
      AgentRuntime runtime, String client, Destination to, BlockingRequest request)
      throws IOException {
    if (!"POST".equalsIgnoreCase(request.method()) || !RequestTexts.isJson(request.contentType())) {
      return null;
    }
    if (!request.repeatable()
        && (request.length() < 0 || request.length() > runtime.config().maxRequestBody())) {
      runtime.unmanagedBody();
      return null;
    }
    URI uri = request.parsedUri();
    if (uri == null) {
      return null;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    request.body().writeTo(body);
    LlmCall call =
        new LlmCall(
            client, to.hostKey(), RequestTexts.rawPath(uri), body.toByteArray(), request.headers());
    return new ManagedCall(call, uri);
  }

  /** The URI of one attempt: the application's, with the path rewritten only for a model in it. */
  public URI attemptUri(String path) {
    return path.equals(RequestTexts.rawPath(uri)) ? uri : RequestTexts.withPath(uri, path);
  }
}
