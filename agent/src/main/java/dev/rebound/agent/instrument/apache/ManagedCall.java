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
   * A one-shot entity of unknown length that turned out longer than {@code
   * rebound.max-request-body} once read: {@link #body()} is all of it, to be sent once, as it is
   * (the library's entities push their bytes, so the rest cannot be left unread).
   */
  public static final class TooLong extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient byte[] body;

    TooLong(byte[] body) {
      super("request body longer than rebound.max-request-body");
      this.body = body;
    }

    public byte[] body() {
      return body;
    }
  }

  /**
   * The call as the engine sees it, or null when it is not managed (SPEC §2): a POST of a JSON
   * entity that can be sent again or read once into memory, whether or not its length is known. A
   * one-shot entity that says it is too long is not read, and is counted as {@code unmanaged_body}.
   * The caller has checked the host already.
   *
   * @throws TooLong when a one-shot entity of unknown length was read and is too long to manage
   */
  public static ManagedCall of(
      AgentRuntime runtime, String client, Destination to, BlockingRequest request)
      throws IOException {
    if (!"POST".equalsIgnoreCase(request.method()) || !RequestTexts.isJson(request.contentType())) {
      return null;
    }
    if (!request.repeatable() && request.length() > runtime.config().maxRequestBody()) {
      runtime.unmanagedBody();
      return null;
    }
    URI uri = request.parsedUri();
    if (uri == null) {
      return null;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    request.body().writeTo(body);
    if (!request.repeatable() && body.size() > runtime.config().maxRequestBody()) {
      throw new TooLong(body.toByteArray());
    }
    LlmCall call =
        new LlmCall(
            client,
            to.hostKey(),
            RequestTexts.rawPath(uri),
            body.toByteArray(),
            request.headers(),
            uri.getRawQuery());
    return new ManagedCall(call, uri);
  }

  /** The URI of one attempt: the application's, with the path rewritten only for a model in it. */
  public URI attemptUri(String path) {
    return path.equals(RequestTexts.rawPath(uri)) ? uri : RequestTexts.withPath(uri, path);
  }
}
