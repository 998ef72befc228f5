package dev.rebound.agent.instrument.reactornetty.adapter;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.engine.AsyncTransport;
import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.Failures;
import dev.rebound.agent.engine.LlmCall;
import dev.rebound.agent.engine.StreamTail;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache.RequestTexts;
import dev.rebound.agent.instrument.reactornetty.ReactorNettyHooks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AttributeKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.Connection;
import reactor.netty.NettyOutbound;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;

/**
 * One subscription to a managed Reactor Netty request: one call.
 *
 * <p>The application's body function is run once, by Reactor Netty, for the call's first request:
 * its publisher can be read only once (a {@code Mono.just(buffer)} is freed by its first send).
 * When it sends its body ({@code HttpClientOperations.send}, hooked), Rebound reads the body whole
 * instead ({@link BodyCollector}) and the request waits, headers unsent, for what the engine
 * decides: attempt 1 sends its bytes on it (the model may be rewritten), any other attempt is a
 * request of its own through the same configured client with Rebound's copy ({@link Replay}). A
 * body that is not JSON, or larger than {@code rebound.max-request-body}, goes as it was on that
 * first request, unmanaged.
 *
 * <p>Waits run on Rebound's scheduler; every attempt's body is read by an {@link AttemptRelay};
 * disposing the application's subscription cancels the engine (a pending wait, the attempt in
 * flight). The application's receiver gets the final attempt's response on its connection's event
 * loop. Fail-open: a failure inside Rebound before anything was sent lets the request go as the
 * application made it. Thread-safe.
 */
final class ReactorCall implements AsyncTransport<ReactorExchange> {
  static final String CLIENT = "reactor-netty";

  /** Marks the channel whose next body send is this call's first request's. */
  static final AttributeKey<ReactorCall> TAKING =
      AttributeKey.valueOf("rebound.reactor-netty.call");

  private enum Mode {
    /** The body is not taken yet. */
    UNDECIDED,
    /** The first request goes as it is, to the application. */
    PASS,
    /** The engine runs the call. */
    MANAGED
  }

  private final Plan plan;
  private final AgentRuntime runtime;
  private final MonoSink<Outcome> sink;
  private final CompletableFuture<ByteBuf> firstBody = new CompletableFuture<>();
  private final AttemptFuture firstAttempt;
  private final AtomicBoolean firstClaimed = new AtomicBoolean();
  private final AtomicBoolean bodyAwaited = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Mode mode = Mode.UNDECIDED;
  private volatile boolean firstStream;

  /** The first request's headers before its body function ran ({@link Replay#mark}). */
  private volatile CharSequence[] before;

  /** Whether Reactor Netty asked the application for its body: a connection was up. */
  private volatile boolean bodyAsked;

  private final ConnectRetries connects;

  /** The first request's outbound, whose body send is this call's to take. */
  private volatile Object takingFrom;

  private volatile Replay replay;
  private volatile Disposable first;
  private volatile CompletableFuture<CallResult<ReactorExchange>> engine;

  /** The latest attempt, whose answer a failure inside Rebound hands over as it is. */
  private volatile CompletableFuture<ReactorExchange> latest;

  ReactorCall(Plan plan, MonoSink<Outcome> sink) {
    this.plan = plan;
    this.runtime = plan.runtime();
    this.sink = sink;
    this.connects = new ConnectRetries(plan);
    this.firstAttempt = new AttemptFuture(() -> dispose(first));
  }

  /** On the application's subscription: the first request goes out. */
  void start() {
    sink.onCancel(this::cancel);
    sendFirst();
  }

  /** The first request goes out, the application's body function to be run on its connection. */
  private void sendFirst() {
    if (ended.get()) {
      return;
    }
    try {
      ReactorNettyHooks.bodyAwaited();
      bodyAwaited.set(true);
      Mono<Head> request =
          ReactorNettyHooks.bypassed(
              () -> Mono.from(plan.sender().send(this::firstBody).responseConnection(Head::of)));
      first =
          request.contextWrite(sink.contextView()).subscribe(this::onFirstHead, this::onFirstError);
      if (ended.get()) {
        // Disposed while this request of a connect retry was being made.
        dispose(first);
        bodyNoLongerAwaited();
      }
    } catch (Throwable t) {
      bodyNoLongerAwaited();
      runtime.agentError();
      Diagnostics.debug("reactor-netty call failed open: " + t);
      mode = Mode.PASS;
      Mono<Head> request =
          ReactorNettyHooks.bypassed(() -> Mono.from(plan.sender().responseConnection(Head::of)));
      first =
          request.contextWrite(sink.contextView()).subscribe(this::onFirstHead, this::onFirstError);
    }
  }

  /** The first request's body function: the application's, watched for its body send. */
  private Publisher<Void> firstBody(HttpClientRequest request, NettyOutbound out) {
    bodyAsked = true;
    Replay r = replay;
    if (r != null) {
      // Reactor Netty sends the first request again by itself (a redirect, a reset connection).
      return r.send(request, out);
    }
    if (out instanceof Connection c && mode == Mode.UNDECIDED) {
      before = Replay.mark(request.requestHeaders());
      takingFrom = out;
      c.channel().attr(TAKING).set(this);
    }
    return plan.body().apply(request, out);
  }

  /**
   * The hooked body send of the first request: Rebound's outbound instead (see the class doc); null
   * for any other request's (a pooled channel can carry a mark this call left when it was
   * cancelled).
   */
  Object takeBody(Object operations, Publisher<? extends ByteBuf> body) {
    if (operations != takingFrom || ended.get() || mode != Mode.UNDECIDED) {
      return null;
    }
    bodyNoLongerAwaited();
    HttpClientRequest request = (HttpClientRequest) operations;
    NettyOutbound out = (NettyOutbound) operations;
    Mono<ByteBuf> sent = BodyCollector.collect(body, out.alloc()).flatMap(b -> decide(request, b));
    return out.send(sent);
  }

  /** The body is read: is the call managed? The bytes of the first request, when they are known. */
  private Mono<ByteBuf> decide(HttpClientRequest request, ByteBuf whole) {
    HttpHeaders headers = request.requestHeaders();
    if (!RequestTexts.isJson(headers.get(HttpHeaderNames.CONTENT_TYPE))) {
      mode = Mode.PASS;
      runtime.passthrough();
      return Mono.just(whole);
    }
    if (whole.readableBytes() > runtime.config().maxRequestBody()) {
      mode = Mode.PASS;
      runtime.unmanagedBody();
      return Mono.just(whole);
    }
    byte[] bytes = ByteBufUtil.getBytes(whole);
    whole.release();
    try {
      // The engine reads the headers as they are now, Rebound's included, which do not go out.
      CharSequence[] sent = Replay.mark(headers);
      replay = Replay.of(before, sent, bytes);
      Target t = plan.target();
      LlmCall call =
          new LlmCall(CLIENT, t.hostKey(), t.path(), bytes, Replay.lookup(sent), t.query());
      Replay.removeRebound(headers);
      mode = Mode.MANAGED;
      CompletableFuture<CallResult<ReactorExchange>> f =
          runtime.engine().executeAsync(call, this, connects.failed());
      engine = f;
      f.whenComplete(this::onEngine);
      if (ended.get()) {
        f.cancel(true);
      }
      if (!firstClaimed.get()) {
        // The engine waits before its first attempt (a place under max-concurrency, a circuit's
        // probe, a pause): this request must not hold its pooled connection meanwhile, or the calls
        // ahead of it could find no connection for their retries. The attempt goes on its own.
        abandonFirst();
      }
      return firstBody.isDone() && !firstBody.isCompletedExceptionally()
          ? Mono.just(firstBody.join())
          : Mono.fromFuture(firstBody);
    } catch (Throwable e) {
      runtime.agentError();
      Diagnostics.debug("reactor-netty call failed open: " + e);
      if (mode == Mode.MANAGED && !firstClaimed.compareAndSet(false, true)) {
        // The engine runs and has this request: it is its first attempt or nothing.
        return Mono.fromFuture(firstBody);
      }
      // Nothing was sent: the request goes as the application made it.
      mode = Mode.PASS;
      return Mono.just(Unpooled.wrappedBuffer(bytes));
    }
  }

  @Override
  public CompletableFuture<ReactorExchange> send(AttemptRequest attempt) {
    if (attempt.path().equals(plan.target().path()) && firstClaimed.compareAndSet(false, true)) {
      firstStream = attempt.stream();
      if (firstBody.complete(Unpooled.wrappedBuffer(attempt.body()))) {
        latest = firstAttempt;
        return firstAttempt;
      }
    }
    abandonFirst();
    AttemptFuture f = new AttemptFuture(null);
    latest = f;
    try {
      HttpClient.RequestSender sender =
          attempt.path().equals(plan.target().path())
              ? plan.sender()
              : plan.sender().uri(plan.target().withPath(attempt.path()));
      Replay r = replay.withBody(attempt.body());
      Mono<Head> request =
          ReactorNettyHooks.bypassed(
              () -> Mono.from(sender.send(r::send).responseConnection(Head::of)));
      Disposable d =
          request
              .contextWrite(sink.contextView())
              .subscribe(
                  head -> AttemptRelay.start(head, attempt.stream(), f),
                  e -> f.completeExceptionally(ReactorFailure.of(e)));
      f.stopWith(d::dispose);
    } catch (RuntimeException e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  private void onFirstHead(Head head) {
    head.connection().channel().attr(TAKING).compareAndSet(this, null);
    if (mode == Mode.MANAGED) {
      AttemptRelay.start(head, firstStream, firstAttempt);
      return;
    }
    if (mode == Mode.UNDECIDED) {
      // The body never went through a send of a publisher (a form, say): not managed.
      bodyNoLongerAwaited();
      runtime.passthrough();
      mode = Mode.PASS;
    }
    deliver(Outcome.direct(head), head);
  }

  private void onFirstError(Throwable error) {
    bodyNoLongerAwaited();
    if (mode == Mode.MANAGED) {
      firstAttempt.completeExceptionally(ReactorFailure.of(error));
      return;
    }
    if (mode == Mode.UNDECIDED
        && !bodyAsked
        && !ended.get()
        && connects.retry(error, this::sendFirst)) {
      // Nothing of the request left: it goes again as the engine decides.
      return;
    }
    if (ended.compareAndSet(false, true)) {
      sink.error(error);
    }
  }

  private void onEngine(CallResult<ReactorExchange> result, Throwable error) {
    abandonFirst();
    if (ended.get()) {
      if (result instanceof CallResult.Deliver<ReactorExchange> d) {
        d.exchange().discard();
        d.streamEnded(null);
      }
      return;
    }
    try {
      ReactorExchange answer = error == null ? null : answerOf(latest);
      if (answer != null && !answer.relay.discarded()) {
        // Something inside Rebound failed with an attempt's answer in hand: the application gets
        // that answer as it came, without Rebound's headers.
        runtime.agentError();
        Diagnostics.debug("reactor-netty call failed open: " + error);
        deliver(replaying(answer, null, null), answer.head);
      } else if (error != null) {
        fail(ReactorFailure.original(Failures.unwrap(error)));
      } else if (result instanceof CallResult.Fail<ReactorExchange> f) {
        fail(ReactorFailure.original(f.failure()));
      } else if (result instanceof CallResult.Synthetic<ReactorExchange> own) {
        deliver(synthetic(own), null);
      } else {
        CallResult.Deliver<ReactorExchange> d = (CallResult.Deliver<ReactorExchange>) result;
        ReactorExchange x = d.exchange();
        HttpHeaders responseHeaders = x.head.response().responseHeaders();
        d.headers().forEach(responseHeaders::set);
        boolean stream = d.completion().isPending();
        StreamTail tail =
            stream ? runtime.engine().streamTail(d.headers().get("x-rebound-model")) : null;
        deliver(replaying(x, tail, stream ? d : null), x.head);
      }
    } catch (Throwable t) {
      runtime.agentError();
      Diagnostics.debug("reactor-netty delivery failed: " + t);
      if (result instanceof CallResult.Deliver<ReactorExchange> d) {
        d.exchange().discard();
      }
      fail(t);
    }
  }

  private static ReactorExchange answerOf(CompletableFuture<ReactorExchange> attempt) {
    return attempt != null && attempt.isDone() && !attempt.isCompletedExceptionally()
        ? attempt.join()
        : null;
  }

  /** The application's view of an attempt: its head, and its body replayed as it comes. */
  private Outcome replaying(
      ReactorExchange x, StreamTail tail, CallResult.Deliver<ReactorExchange> pending) {
    Flux<ByteBuf> body = x.relay.body(tail, pending);
    return new Outcome(
        x.head.response(),
        () -> Views.replaying(x.head.connection(), body, plan.alloc()),
        body,
        x.relay::discard);
  }

  private Outcome synthetic(CallResult.Synthetic<ReactorExchange> own) {
    Flux<ByteBuf> body = Flux.defer(() -> Flux.just(Unpooled.wrappedBuffer(own.body())));
    return new Outcome(
        Views.syntheticResponse(
            own.status(), own.headers(), own.body().length, "POST", plan.target().uri().toString()),
        () -> Views.syntheticConnection(body, plan.alloc()),
        body,
        () -> {});
  }

  /** The application's receiver runs where Reactor Netty would run it: the connection's loop. */
  private void deliver(Outcome outcome, Head head) {
    if (!ended.compareAndSet(false, true)) {
      outcome.close();
      return;
    }
    if (head == null || head.loop().inEventLoop()) {
      sink.success(outcome);
      return;
    }
    try {
      head.loop().execute(() -> sink.success(outcome));
    } catch (RejectedExecutionException loopShutDown) {
      sink.success(outcome);
    }
  }

  private void fail(Throwable error) {
    if (ended.compareAndSet(false, true)) {
      sink.error(error);
    }
  }

  /** The application disposed its subscription. */
  private void cancel() {
    ended.set(true);
    bodyNoLongerAwaited();
    CompletableFuture<CallResult<ReactorExchange>> f = engine;
    if (f != null) {
      f.cancel(true);
    }
    if (mode != Mode.MANAGED) {
      dispose(first);
    }
    connects.cancel(mode == Mode.UNDECIDED && !bodyAsked);
    abandonFirst();
  }

  /** The first request will not be an attempt: it is dropped before anything of it is sent. */
  private void abandonFirst() {
    if (firstClaimed.compareAndSet(false, true)) {
      firstBody.cancel(false);
      if (mode == Mode.MANAGED) {
        dispose(first);
      }
    }
  }

  private void bodyNoLongerAwaited() {
    if (bodyAwaited.compareAndSet(true, false)) {
      ReactorNettyHooks.bodyTaken();
    }
  }

  private static void dispose(Disposable d) {
    if (d != null) {
      d.dispose();
    }
  }
}
