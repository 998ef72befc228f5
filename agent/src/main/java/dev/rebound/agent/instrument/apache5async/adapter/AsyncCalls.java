package dev.rebound.agent.instrument.apache5async.adapter;

import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.engine.LlmCall;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache.ApacheHeaders;
import dev.rebound.agent.instrument.apache.Destination;
import dev.rebound.agent.instrument.apache.RequestTexts;
import java.io.IOException;
import java.util.Set;
import org.apache.hc.client5.http.async.methods.ConfigurableHttpRequest;
import org.apache.hc.client5.http.config.Configurable;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Decides whether an HttpClient 5 async call is managed (SPEC §2) and describes it to the engine.
 * Calls made with {@code SimpleRequestProducer} or {@code BasicRequestProducer} are managed: an
 * in-memory entity producer is read and reset, any other (one-shot) entity producer is read ahead
 * up to {@code rebound.max-request-body} while it hands bytes over at once; past that it goes once,
 * intact ({@link SendOnce}). A request producer of another kind to an LLM host goes once as it is.
 * Both are counted as {@code unmanaged_body}. Stateless.
 */
final class AsyncCalls {
  static final String CLIENT = "apache5-async";

  /** Producers that hand over their head and body synchronously, and can do it again. */
  private static final Set<String> REPLAYABLE_PRODUCERS =
      Set.of(
          "org.apache.hc.client5.http.async.methods.SimpleRequestProducer",
          "org.apache.hc.core5.http.nio.support.BasicRequestProducer");

  private static final Set<String> IN_MEMORY_ENTITIES =
      Set.of(
          "org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer",
          "org.apache.hc.core5.http.nio.entity.StringAsyncEntityProducer");

  /** A managed call: the engine's view and what each attempt needs to rebuild the request. */
  record Managed(LlmCall call, HttpRequest head, String contentType) {}

  /**
   * The call must go once, with this body in place of the application's producer (whose first bytes
   * were read); thrown rather than returned, as it is the rare path.
   */
  static final class SendOnce extends Exception {
    private static final long serialVersionUID = 1L;
    final transient HttpRequest head;
    final transient AsyncEntityProducer body;

    SendOnce(HttpRequest head, AsyncEntityProducer body) {
      super(null, null, false, false);
      this.head = head;
      this.body = body;
    }
  }

  private AsyncCalls() {}

  /** The call as the engine sees it, or null when it is not managed. */
  static Managed managed(
      HttpHost target, AsyncRequestProducer producer, HttpContext context, AgentRuntime runtime)
      throws HttpException, IOException, SendOnce {
    Destination given =
        target == null
            ? null
            : new Destination(target.getSchemeName(), target.getHostName(), target.getPort());
    if (!REPLAYABLE_PRODUCERS.contains(producer.getClass().getName())) {
      if (given != null && given.isLlmHost(runtime)) {
        runtime.unmanagedBody();
      }
      return null;
    }
    CapturedRequest captured = CapturedRequest.head(producer, context);
    if (captured == null) {
      return null;
    }
    HttpRequest head = captured.head;
    URIAuthority authority = head.getAuthority();
    Destination to =
        given != null
            ? given
            : new Destination(
                head.getScheme(),
                authority == null ? null : authority.getHostName(),
                authority == null ? -1 : authority.getPort());
    if (!to.isLlmHost(runtime)) {
      return null;
    }
    if (!"POST".equalsIgnoreCase(head.getMethod())
        || !(captured.entity instanceof AsyncEntityProducer entity)
        || !RequestTexts.isJson(entity.getContentType())) {
      return null;
    }
    byte[] body = null;
    if (entity.getContentEncoding() == null) {
      body =
          IN_MEMORY_ENTITIES.contains(entity.getClass().getName()) && entity.isRepeatable()
              ? CapturedRequest.body(entity)
              : oneShot(head, entity, runtime.config().maxRequestBody());
    }
    if (body == null) {
      runtime.unmanagedBody();
      return null;
    }
    LlmCall call =
        new LlmCall(
            CLIENT,
            to.hostKey(),
            pathOf(head.getPath()),
            body,
            ApacheHeaders.lookup(head::getFirstHeader, Header::getValue),
            queryOf(head.getPath()));
    return new Managed(call, head, entity.getContentType());
  }

  /**
   * A one-shot body read into memory, or null (the producer untouched) when its declared length is
   * past the limit already.
   */
  private static byte[] oneShot(HttpRequest head, AsyncEntityProducer entity, long limit)
      throws IOException, SendOnce {
    if (entity.getContentLength() > limit) {
      return null;
    }
    CapturedRequest.ReadAhead read = CapturedRequest.readAhead(entity, limit);
    if (!read.complete()) {
      throw new SendOnce(head, new PrefixedEntityProducer(read.bytes(), entity));
    }
    entity.releaseResources();
    return read.bytes();
  }

  /**
   * Each attempt's request head: the application's, with the path rewritten only for a model in the
   * path, without Rebound's headers, with its request config (its timeouts bound each attempt).
   */
  static HttpRequest attemptHead(HttpRequest original, AttemptRequest attempt) {
    String path = original.getPath();
    int query = path == null ? -1 : path.indexOf('?');
    String newPath = query < 0 ? attempt.path() : attempt.path() + path.substring(query);
    ConfigurableHttpRequest r =
        new AttemptHead(
            original.getMethod(), original.getScheme(), original.getAuthority(), newPath);
    if (original.getVersion() != null) {
      r.setVersion(original.getVersion());
    }
    ApacheHeaders.copyAllButRebound(original.getHeaders(), Header::getName, r::addHeader);
    if (original instanceof Configurable configurable) {
      r.setConfig(configurable.getConfig());
    }
    return r;
  }

  private static String queryOf(String pathAndQuery) {
    int query = pathAndQuery == null ? -1 : pathAndQuery.indexOf('?');
    return query < 0 ? null : pathAndQuery.substring(query + 1);
  }

  private static String pathOf(String pathAndQuery) {
    if (pathAndQuery == null || pathAndQuery.isEmpty()) {
      return "/";
    }
    int query = pathAndQuery.indexOf('?');
    return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
  }
}
