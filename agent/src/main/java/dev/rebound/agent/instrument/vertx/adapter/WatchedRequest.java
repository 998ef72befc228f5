package dev.rebound.agent.instrument.vertx.adapter;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.Failures;
import dev.rebound.agent.engine.LlmCall;
import dev.rebound.agent.engine.StreamTail;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.WeakIdentityMap;
import dev.rebound.agent.instrument.apache.RequestTexts;
import dev.rebound.agent.instrument.vertx.VertxHooks;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One application request to an LLM host, from the moment Vert.x made it. Its body is collected as
 * the application writes it (held back, up to {@code rebound.max-request-body}); at its end the
 * call is managed: the first attempt is sent on this very request (so its connection is used and
 * given back as usual), later ones on fresh requests of the same client, made on this request's
 * context; the application's response future completes there with the final attempt, through a
 * {@link ReplayResponse}. A body that is not JSON, too large or streamed without a declared length
 * goes out unchanged. Thread-safe: the application's thread, the context and Rebound's scheduler
 * all reach it.
 */
final class WatchedRequest implements Watched {
  static final String CLIENT = "vertx";

  private enum Phase {
    COLLECTING,
    PASSED,
    CALLING
  }

  final HttpClientRequest request;
  final HttpClient client;
  final RequestOptions options;
  final Context context;
  private final Target target;
  private final Promise<HttpClientResponse> promise;
  private final AgentRuntime runtime;
  private final VertxInternals internals;

  /** The adapter's map of watched requests: this one leaves it, or becomes {@link Finished}. */
  private final WeakIdentityMap<Watched> registry;

  private Phase phase = Phase.COLLECTING;
  private boolean checked;
  private ByteArrayOutputStream held = new ByteArrayOutputStream();
  private boolean originalTaken;
  private Throwable originalFailure;

  private volatile CompletableFuture<CallResult<VertxExchange>> result;
  private volatile AttemptReader first;
  private volatile AttemptReader current;
  private volatile AttemptReader deliveredReader;
  private volatile boolean delivered;
  private volatile boolean cancelled;

  WatchedRequest(
      HttpClientRequest request,
      HttpClient client,
      RequestOptions options,
      Target target,
      Promise<HttpClientResponse> promise,
      Context context,
      AgentRuntime runtime,
      VertxInternals internals,
      WeakIdentityMap<Watched> registry) {
    this.request = request;
    this.client = client;
    this.options = options;
    this.target = target;
    this.promise = promise;
    this.context = context;
    this.runtime = runtime;
    this.internals = internals;
    this.registry = registry;
  }

  /**
   * Whether Rebound runs this request's call; a request still collecting its body when its head,
   * failure or reset comes had it go out past Rebound's hook, and is Vert.x's alone from now on.
   * Called holding this object's lock.
   */
  private boolean calling() {
    if (phase == Phase.COLLECTING) {
      phase = Phase.PASSED;
      forget();
    }
    return phase == Phase.CALLING;
  }

  /** Left to Vert.x from now on: every hook lets it run, as for a request never watched. */
  private void forget() {
    registry.remove(request);
  }

  /** The call is over: nothing more reaches the application from this request. */
  private void finished() {
    registry.put(request, Finished.INSTANCE);
  }

  /**
   * The call ended without a request sent on the application's own (a circuit open, a queue
   * timeout, a wait that failed first): that request still holds a connection of the pool, which a
   * reset gives back.
   */
  private void finishedWithoutOriginal() {
    boolean unsent;
    synchronized (this) {
      unsent = !originalTaken;
      originalTaken = true;
    }
    finished();
    if (unsent) {
      internals.reset(request);
    }
  }

  /** The request's private {@code write}: Rebound's answer, or null to let Vert.x write. */
  @Override
  public Object write(byte[] bytes, boolean end, Object completion, boolean returnsFuture) {
    byte[] flush = null;
    byte[] body = null;
    synchronized (this) {
      if (phase != Phase.COLLECTING) {
        return null;
      }
      if (!checked) {
        checked = true;
        MultiMap headers = request.headers();
        boolean lengthKnownOrChunked =
            end || request.isChunked() || headers.contains("content-length");
        if (!RequestTexts.isJson(headers.get("content-type")) || !lengthKnownOrChunked) {
          // Not an LLM call's body, or a write Vert.x itself refuses: left to Vert.x.
          phase = Phase.PASSED;
          runtime.passthrough();
          forget();
          return null;
        }
      }
      if (held.size() + (long) bytes.length > runtime.config().maxRequestBody()) {
        phase = Phase.PASSED;
        runtime.unmanagedBody();
        flush = held.toByteArray();
        held = null;
      } else {
        held.write(bytes, 0, bytes.length);
        if (!end) {
          return acknowledged(completion, returnsFuture);
        }
        phase = Phase.CALLING;
        body = held.toByteArray();
        held = null;
      }
    }
    if (flush != null) {
      forget();
      // What was held goes first, then this write, as the application made them.
      if (flush.length > 0) {
        writeOwn(Buffer.buffer(flush), false);
      }
      return null;
    }
    start(body);
    return acknowledged(completion, returnsFuture);
  }

  /** A response head of the request: true when it is the first attempt's, which Rebound reads. */
  @Override
  public boolean response(HttpClientResponse response) {
    AttemptReader reader;
    synchronized (this) {
      if (!calling()) {
        return false;
      }
      reader = first;
    }
    if (reader != null && !cancelled) {
      reader.onResponse(response);
    }
    // Cancelled: the application's future failed already; Vert.x drops the unread body.
    return true;
  }

  /** The request failed: the first attempt's failure, or one nobody waits for any more. */
  @Override
  public boolean fail(Throwable cause) {
    AttemptReader reader;
    synchronized (this) {
      if (!calling()) {
        return false;
      }
      reader = first;
      if (reader == null) {
        // Before the first attempt went out on this request: it goes on a fresh one instead.
        originalFailure = cause;
      }
    }
    internals.cancelTimeout(request);
    if (cancelled) {
      return true;
    }
    if (reader != null && (!delivered || deliveredReader == reader)) {
      reader.onError(cause);
    }
    return true;
  }

  /** The request is being reset: by the application (the call stops), or by its own timer. */
  @Override
  public void reset(Throwable cause) {
    synchronized (this) {
      if (!calling()) {
        return;
      }
    }
    if (delivered) {
      AttemptReader reader = deliveredReader;
      if (reader != null) {
        reader.reset();
      }
      return;
    }
    if (isTimeout(cause)) {
      // The first attempt's own timeout: Vert.x fails it next, which is that attempt's failure.
      return;
    }
    cancelled = true;
    CompletableFuture<CallResult<VertxExchange>> r = result;
    if (r != null) {
      r.cancel(true);
    }
    AttemptReader inFlight = current;
    if (inFlight != null) {
      inFlight.discard();
    }
    promise.tryFail(cause);
    finished();
  }

  /**
   * Whether this attempt goes on the application's own request: the first one sent, unless that
   * request already failed (then a fresh one is made).
   */
  synchronized boolean takeOriginal() {
    if (originalTaken || originalFailure != null) {
      return false;
    }
    originalTaken = true;
    return true;
  }

  void attemptStarted(AttemptReader reader) {
    Throwable failedAlready = null;
    synchronized (this) {
      current = reader;
      if (reader.onOriginal) {
        first = reader;
        failedAlready = originalFailure;
      }
    }
    if (failedAlready != null) {
      // The request failed between taking it and reading it: that is this attempt's failure.
      reader.onError(failedAlready);
    }
  }

  private void start(byte[] body) {
    String uri = request.getURI();
    int query = uri.indexOf('?');
    LlmCall call =
        new LlmCall(
            CLIENT,
            target.hostKey(),
            pathOf(query < 0 ? uri : uri.substring(0, query)),
            body,
            request.headers()::get,
            query < 0 ? null : uri.substring(query + 1));
    // The engine decides on the thread that read the attempt (the context's): its decisions never
    // block, and its waits and later attempts go to its scheduler and to the context.
    VertxAttempts attempts = new VertxAttempts(this, Runnable::run, internals);
    try {
      result = runtime.engine().executeAsync(call, attempts);
    } catch (Throwable t) {
      runtime.agentError();
      Diagnostics.debug("vertx call failed open: " + t);
      boolean sendAsIs;
      synchronized (this) {
        phase = Phase.PASSED;
        sendAsIs = !originalTaken;
      }
      forget();
      if (sendAsIs) {
        writeOwn(Buffer.buffer(body), true);
      }
      return;
    }
    // Whatever thread completes it, the application hears on its context (finish hops there).
    result.whenComplete(this::finish);
  }

  /** The first attempt, on the application's own request, with that attempt's body and path. */
  void sendOnOriginal(byte[] body, String path) {
    MultiMap headers = request.headers();
    List<String> rebound = new ArrayList<>();
    for (String name : headers.names()) {
      if (name.toLowerCase(Locale.ROOT).startsWith("x-rebound-")) {
        rebound.add(name);
      }
    }
    rebound.forEach(headers::remove);
    String uri = request.getURI();
    int query = uri.indexOf('?');
    if (!path.equals(pathOf(query < 0 ? uri : uri.substring(0, query)))) {
      request.setURI(query < 0 ? path : path + uri.substring(query));
    }
    if (headers.contains("content-length")) {
      headers.set("content-length", Integer.toString(body.length));
    }
    writeOwn(Buffer.buffer(body), true);
  }

  /** The options of a later attempt: the original's, with the request's headers as they are now. */
  RequestOptions attemptOptions(String path) {
    RequestOptions o = new RequestOptions(options);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, String> h : request.headers()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (!name.startsWith("x-rebound-")
          && !name.equals("content-length")
          && !name.equals("transfer-encoding")) {
        headers.add(h.getKey(), h.getValue());
      }
    }
    o.setHeaders(headers);
    String uri = request.getURI();
    int query = uri.indexOf('?');
    o.setURI(query < 0 ? path : path + uri.substring(query));
    return o;
  }

  private void finish(CallResult<VertxExchange> r, Throwable error) {
    if (cancelled || result.isCancelled()) {
      if (r instanceof CallResult.Deliver<VertxExchange> d) {
        d.exchange().discard();
        d.streamEnded(null);
      }
      return;
    }
    if (error != null) {
      Throwable cause = Failures.unwrap(error);
      VertxExchange last = lastAnswer();
      if (last != null) {
        // Something inside Rebound failed with an attempt's answer in hand: the application gets
        // that answer as it came, without Rebound's headers.
        runtime.agentError();
        context.runOnContext(v -> deliver(last, Map.of(), null, null));
        return;
      }
      if (!(cause instanceof Exception)) {
        runtime.agentError();
      }
      promise.tryFail(AttemptFailure.original(cause));
      finishedWithoutOriginal();
      return;
    }
    if (r instanceof CallResult.Fail<VertxExchange> fail) {
      promise.tryFail(AttemptFailure.original(fail.failure()));
      finishedWithoutOriginal();
      return;
    }
    context.runOnContext(v -> deliver(r));
  }

  /** On the request's context: completes the application's future, then lets the body flow. */
  private void deliver(CallResult<VertxExchange> r) {
    if (r instanceof CallResult.Synthetic<VertxExchange> own) {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap();
      own.headers().forEach(headers::set);
      headers.set("content-type", "application/json");
      headers.set("content-length", Integer.toString(own.body().length));
      ReplayResponse response =
          new ReplayResponse(
              null, request, own.status(), "Service Unavailable", headers, null, null, () -> {});
      response.accept(own.body());
      response.accept(AttemptReader.END);
      delivered = true;
      promise.tryComplete(response);
      finishedWithoutOriginal();
      response.start();
      return;
    }
    CallResult.Deliver<VertxExchange> d = (CallResult.Deliver<VertxExchange>) r;
    boolean stream = d.completion().isPending();
    StreamTail tail =
        stream ? runtime.engine().streamTail(d.headers().get("x-rebound-model")) : null;
    deliver(d.exchange(), d.headers(), tail, stream ? d : null);
  }

  /** The latest attempt's response, if it came and was not dropped; else null. */
  private VertxExchange lastAnswer() {
    AttemptReader reader = current;
    if (reader == null
        || reader.discarded()
        || !reader.head.isDone()
        || reader.head.isCompletedExceptionally()) {
      return null;
    }
    return reader.head.join();
  }

  /**
   * Completes the application's future with {@code x}, {@code extra} headers set on its own; {@code
   * pending} is the call whose stream is still open, or null.
   */
  private void deliver(
      VertxExchange x,
      Map<String, String> extra,
      StreamTail tail,
      CallResult.Deliver<VertxExchange> pending) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(x.response.headers());
    extra.forEach(headers::set);
    ReplayResponse response =
        new ReplayResponse(
            x.response,
            request,
            x.response.statusCode(),
            x.response.statusMessage(),
            headers,
            tail,
            pending,
            this::finished);
    if (cancelled) {
      x.discard();
      streamEnded(pending);
      return;
    }
    deliveredReader = x.reader;
    delivered = true;
    if (!promise.tryComplete(response)) {
      x.discard();
      streamEnded(pending);
      finished();
      return;
    }
    x.reader.deliverTo(response);
    response.start();
  }

  private static void streamEnded(CallResult.Deliver<VertxExchange> pending) {
    if (pending != null) {
      pending.streamEnded(null);
    }
  }

  /** Writes on the application's request past Rebound's hook. */
  private void writeOwn(Buffer chunk, boolean end) {
    VertxHooks.ownCall();
    try {
      if (end) {
        request.end(chunk);
      } else {
        request.write(chunk);
      }
    } finally {
      VertxHooks.ownCallDone();
    }
  }

  @SuppressWarnings("unchecked")
  private static Object acknowledged(Object completion, boolean returnsFuture) {
    if (returnsFuture) {
      return Future.succeededFuture();
    }
    if (completion != null) {
      ((Handler<AsyncResult<Void>>) completion).handle(Future.succeededFuture());
    }
    return Boolean.TRUE;
  }

  private static String pathOf(String uri) {
    if (uri.startsWith("http://") || uri.startsWith("https://")) {
      // An absolute URI (through a proxy): its path.
      int slash = uri.indexOf('/', uri.indexOf("//") + 2);
      return slash < 0 ? "/" : uri.substring(slash);
    }
    return uri.isEmpty() ? "/" : uri;
  }

  private static boolean isTimeout(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getClass().getName().endsWith("TimeoutException")) {
        return true;
      }
    }
    return false;
  }
}
