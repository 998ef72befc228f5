package dev.rebound.agent.instrument.jdk;

import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.StreamTail;
import dev.rebound.agent.instrument.AgentRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javax.net.ssl.SSLSession;

/**
 * Turns what the engine decided into the response the application gets: the application's own
 * {@link BodyHandler} is applied to the final head (with Rebound's headers) and its subscriber is
 * fed the final attempt's body, so any handler works and sees exactly those bytes. Stateless.
 */
final class JdkResponses {
  private JdkResponses() {}

  /**
   * The application's response, complete when its body subscriber says so ({@code ofString}: at the
   * end of the body; {@code ofInputStream}: at once). Cancelling the future cancels the body.
   */
  static <T> CompletableFuture<HttpResponse<T>> toResponse(
      CallResult<JdkExchange> result,
      HttpRequest request,
      BodyHandler<T> handler,
      AgentRuntime runtime) {
    if (result instanceof CallResult.Fail<JdkExchange> fail) {
      return CompletableFuture.failedFuture(fail.failure());
    }
    if (result instanceof CallResult.Synthetic<JdkExchange> own) {
      HttpHeaders headers = headers(HttpHeaders.of(Map.of(), HeadersLookup.ALL), own.headers());
      HeldBody body = HeldBody.of(own.body());
      return deliver(
          body,
          new Info(own.status(), headers, HttpClient.Version.HTTP_1_1),
          handler,
          null,
          new Build<>(
              own.status(),
              headers,
              request,
              request.uri(),
              HttpClient.Version.HTTP_1_1,
              Optional.empty(),
              Optional.empty()));
    }
    CallResult.Deliver<JdkExchange> deliver = (CallResult.Deliver<JdkExchange>) result;
    HeldBody.Watch watch = null;
    if (deliver.completion().isPending()) {
      StreamTail tail = runtime.engine().streamTail(deliver.headers().get("x-rebound-model"));
      watch = new TailWatch(tail, deliver);
    }
    return toResponse(deliver.exchange(), deliver.headers(), watch, request, handler);
  }

  /** The application's response for one attempt, with {@code extra} headers added. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static <T> CompletableFuture<HttpResponse<T>> toResponse(
      JdkExchange exchange,
      Map<String, String> extra,
      HeldBody.Watch watch,
      HttpRequest request,
      BodyHandler<T> handler) {
    HttpResponse<?> r = exchange.response;
    HttpHeaders headers = headers(r.headers(), extra);
    // Earlier responses of a redirect chain carry no body value, whatever the handler.
    Optional<HttpResponse<T>> previous = (Optional) r.previousResponse();
    return deliver(
        exchange.body(),
        new Info(r.statusCode(), headers, r.version()),
        handler,
        watch,
        new Build<>(
            r.statusCode(), headers, request, r.uri(), r.version(), r.sslSession(), previous));
  }

  private static <T> CompletableFuture<HttpResponse<T>> deliver(
      HeldBody body,
      HttpResponse.ResponseInfo info,
      BodyHandler<T> handler,
      HeldBody.Watch watch,
      Build<T> build) {
    BodySubscriber<T> subscriber;
    try {
      subscriber = handler.apply(info);
    } catch (RuntimeException e) {
      // The application's handler threw: as with the JDK, the call fails and the body is dropped.
      body.discard();
      return CompletableFuture.failedFuture(e);
    }
    body.deliverTo(subscriber, watch);
    CompletableFuture<HttpResponse<T>> response =
        subscriber.getBody().toCompletableFuture().thenApply(build);
    response.whenComplete(new CancelBody(response, body));
    return response;
  }

  /**
   * The application's response around its body's value. This and {@link CancelBody} are classes,
   * not lambdas: they are made on the first managed call, where a lambda is spun into a class.
   */
  private record Build<T>(
      int status,
      HttpHeaders headers,
      HttpRequest request,
      URI uri,
      HttpClient.Version version,
      Optional<SSLSession> sslSession,
      Optional<HttpResponse<T>> previous)
      implements Function<T, HttpResponse<T>> {
    @Override
    public HttpResponse<T> apply(T value) {
      return new JdkResponse<>(status, headers, value, request, uri, version, sslSession, previous);
    }
  }

  /** Cancelling the application's response cancels the body it waits for. */
  private record CancelBody(CompletableFuture<?> response, HeldBody body)
      implements BiConsumer<Object, Throwable> {
    @Override
    public void accept(Object value, Throwable error) {
      if (response.isCancelled()) {
        body.cancel();
      }
    }
  }

  /** {@code original} with {@code extra} set (replacing any header of the same name). */
  static HttpHeaders headers(HttpHeaders original, Map<String, String> extra) {
    // A hash map, not a case-insensitive tree: HttpHeaders.of sorts once anyway. An original
    // header that only differs in case from one of Rebound's is left out, not duplicated.
    Map<String, List<String>> map = new HashMap<>(original.map().size() * 2 + extra.size() * 2);
    for (Map.Entry<String, List<String>> header : original.map().entrySet()) {
      if (!replaced(header.getKey(), extra)) {
        map.put(header.getKey(), header.getValue());
      }
    }
    for (Map.Entry<String, String> own : extra.entrySet()) {
      map.put(own.getKey(), List.of(own.getValue()));
    }
    return HttpHeaders.of(map, HeadersLookup.ALL);
  }

  private static boolean replaced(String name, Map<String, String> extra) {
    for (String own : extra.keySet()) {
      if (own.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private record Info(int statusCode, HttpHeaders headers, HttpClient.Version version)
      implements HttpResponse.ResponseInfo {}

  /** Watches a released stream for a late error and records the call when it ends. */
  private static final class TailWatch implements HeldBody.Watch {
    private final StreamTail tail;
    private final CallResult.Deliver<JdkExchange> deliver;

    TailWatch(StreamTail tail, CallResult.Deliver<JdkExchange> deliver) {
      this.tail = tail;
      this.deliver = deliver;
    }

    @Override
    public void onItem(List<ByteBuffer> item) {
      for (ByteBuffer b : item) {
        ByteBuffer d = b.duplicate();
        byte[] bytes = new byte[d.remaining()];
        d.get(bytes);
        tail.onBytes(bytes, 0, bytes.length);
      }
    }

    @Override
    public void onEnd() {
      deliver.streamEnded(tail.error());
    }
  }
}
