package dev.rebound.agent.instrument.jdk;

import dev.rebound.agent.engine.LlmCall;
import dev.rebound.agent.instrument.AgentRuntime;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Decides whether a JDK client request is a managed call (SPEC §2: an LLM host, POST, a JSON body
 * Rebound can send again) and describes it to the engine. The host check comes first and is all
 * that a call to another host pays. Stateless.
 */
final class JdkHttpCalls {
  /**
   * The publishers of {@code BodyPublishers.ofString} and {@code ofByteArray}: in memory and
   * re-subscribable, so reading them costs nothing and the original stays usable.
   */
  private static final Set<String> REPLAYABLE =
      Set.of(
          "jdk.internal.net.http.RequestPublishers$ByteArrayPublisher",
          "jdk.internal.net.http.RequestPublishers$StringPublisher");

  /** The largest body ByteArrayOutputStream can hold. */
  private static final long IN_MEMORY_LIMIT = Integer.MAX_VALUE - 8;

  /**
   * A request that is managed if its body turns out to be JSON (and, when its length is unknown, no
   * longer than {@code rebound.max-request-body}).
   *
   * @param replayable the body publisher may be subscribed again: the original request still works
   * @param declaredJson the request says its body is JSON; otherwise (no content type) the body is
   *     looked at
   */
  record Candidate(
      HttpRequest request, BodyPublisher body, boolean replayable, boolean declaredJson) {}

  private JdkHttpCalls() {}

  /**
   * The request as a possible managed call, or null when it is not one. A one-shot body whose
   * declared length is over {@code rebound.max-request-body} is counted as {@code unmanaged_body}.
   */
  static Candidate candidate(HttpRequest request, AgentRuntime runtime) {
    URI uri = request.uri();
    String host = uri.getHost();
    if (host == null || !runtime.hosts().matches(host, port(uri))) {
      return null;
    }
    BodyPublisher body = request.bodyPublisher().orElse(null);
    if (!request.method().equals("POST") || body == null) {
      return null;
    }
    boolean replayable = REPLAYABLE.contains(body.getClass().getName());
    String type = HeadersLookup.first(request.headers(), "content-type");
    // Without a content type only an in-memory body is looked at: a one-shot one would be spent.
    if (type == null ? !replayable : !isJson(type)) {
      return null;
    }
    // A one-shot body of unknown length is read ahead (and spliced back if it is too long); one
    // that says it is too long is not read at all.
    if (!replayable && body.contentLength() > runtime.config().maxRequestBody()) {
      runtime.unmanagedBody();
      return null;
    }
    return new Candidate(request, body, replayable, type != null);
  }

  /** Reads the body once; a one-shot body is then spent, and Rebound's copy is what gets sent. */
  static CompletableFuture<byte[]> read(Candidate c, AgentRuntime runtime) {
    byte[] inMemory = c.replayable() ? InMemoryBody.copy(c.body()) : null;
    if (inMemory != null) {
      return CompletableFuture.completedFuture(inMemory);
    }
    long limit = c.replayable() ? IN_MEMORY_LIMIT : runtime.config().maxRequestBody();
    long length = c.body().contentLength();
    return RequestBodyReader.read(c.body(), limit, length, !c.replayable() && length < 0)
        .orTimeout(runtime.config().deadline().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The call as the engine sees it, or null when an undeclared body is not JSON after all. */
  static LlmCall call(Candidate c, byte[] body) {
    if (!c.declaredJson() && !looksLikeJsonObject(body)) {
      return null;
    }
    URI uri = c.request().uri();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new LlmCall(
        "jdk",
        hostKey(uri),
        path,
        body,
        new HeadersLookup(c.request().headers()),
        uri.getRawQuery());
  }

  /** The host as the metrics name it: with the port when it is not the scheme's default. */
  static String hostKey(URI uri) {
    int port = uri.getPort();
    return port < 0 || port == defaultPort(uri) ? uri.getHost() : uri.getHost() + ":" + port;
  }

  private static int port(URI uri) {
    return uri.getPort() < 0 ? defaultPort(uri) : uri.getPort();
  }

  private static int defaultPort(URI uri) {
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static boolean isJson(String contentType) {
    int semicolon = contentType.indexOf(';');
    String mime = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    String subtype = mime.substring(mime.indexOf('/') + 1).toLowerCase(Locale.ROOT);
    return subtype.equals("json") || subtype.endsWith("+json");
  }

  private static boolean looksLikeJsonObject(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b == '{';
      }
    }
    return false;
  }
}
