package dev.rebound.agent.instrument.okhttp.adapter;

import dev.rebound.agent.engine.LlmCall;
import dev.rebound.agent.instrument.AgentRuntime;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;

/**
 * Decides whether an OkHttp request is a managed call (SPEC §2: an LLM host, POST, a JSON body that
 * can be sent again) and describes it to the engine. The host check comes first and is all that a
 * call to another host pays. Stateless.
 */
final class OkHttpCalls {
  static final String CLIENT = "okhttp";

  private OkHttpCalls() {}

  /**
   * A one-shot body of unknown length that Rebound read and found longer than {@code
   * rebound.max-request-body}: {@link #request()} carries the bytes read, to be sent once as it is,
   * unmanaged (OkHttp's bodies push their bytes, so the rest cannot be left unread).
   */
  static final class SendOnce extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Request request;

    SendOnce(Request request) {
      super("request body longer than rebound.max-request-body");
      this.request = request;
    }

    Request request() {
      return request;
    }
  }

  /**
   * The call as the engine sees it, or null when it is not managed.
   *
   * @throws SendOnce when a one-shot body was read and is too long to manage
   */
  static LlmCall managed(Request request, AgentRuntime runtime) throws IOException {
    if (!isLlmHost(request, runtime)) {
      return null;
    }
    HttpUrl url = request.url();
    RequestBody body = request.body();
    if (!request.method().equals("POST") || body == null || !isJson(body.contentType())) {
      return null;
    }
    if (!canReplay(body, runtime)) {
      runtime.unmanagedBody();
      return null;
    }
    Buffer buffer = new Buffer();
    body.writeTo(buffer);
    if (buffer.size() > runtime.config().maxRequestBody()) {
      throw new SendOnce(
          request
              .newBuilder()
              .method(
                  request.method(),
                  new BytesRequestBody(body.contentType(), buffer.readByteArray(), false))
              .build());
    }
    return new LlmCall(
        CLIENT,
        hostKey(url),
        url.encodedPath(),
        buffer.readByteArray(),
        new HeadersLookup(request.headers()),
        url.encodedQuery());
  }

  /** The host check, all that a call to another host pays. */
  static boolean isLlmHost(Request request, AgentRuntime runtime) {
    HttpUrl url = request.url();
    return runtime.hosts().matches(url.host(), url.port());
  }

  /**
   * A one-shot body can be read only once: Rebound reads it into memory, whether or not its length
   * is known, unless it says it is too long, and then sends its own copy every time (SPEC §2). A
   * duplex body is never read ahead.
   */
  private static boolean canReplay(RequestBody body, AgentRuntime runtime) throws IOException {
    try {
      if (body.isDuplex()) {
        // Written while the response is read: never something to hold and send again.
        return false;
      }
      if (!body.isOneShot()) {
        return true;
      }
    } catch (NoSuchMethodError olderThan314) {
      // OkHttp before 3.14 had neither one-shot nor duplex bodies.
      return true;
    }
    return body.contentLength() <= runtime.config().maxRequestBody();
  }

  private static boolean isJson(MediaType type) {
    if (type == null) {
      return false;
    }
    String subtype = type.subtype();
    return subtype.equalsIgnoreCase("json")
        || subtype.toLowerCase(java.util.Locale.ROOT).endsWith("+json");
  }

  /** The host as the metrics name it: with the port when it is not the scheme's default. */
  static String hostKey(HttpUrl url) {
    return url.port() == HttpUrl.defaultPort(url.scheme())
        ? url.host()
        : url.host() + ":" + url.port();
  }
}
