package dev.rebound.agent.instrument.vertx.adapter;

import dev.rebound.agent.engine.AttemptEvents;
import dev.rebound.agent.engine.PeekBuffer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads one attempt's response through its public handlers: the body's first bytes (up to 64 KiB,
 * or a stream until its first significant event), then hands the attempt to the engine through
 * {@code engineThread} (the reading thread itself: the engine's decisions never block, and its
 * waits run on its scheduler). Every piece of the body is also queued, in order: when the engine
 * delivers this attempt the queue drains into the application's {@link ReplayResponse} and later
 * pieces follow as they arrive; when it discards it, the rest of the body is read and dropped (so
 * the connection goes back to the pool), or a stream of Rebound's own request is reset.
 * Thread-safe: the context feeds it, the scheduler decides, one drainer at a time.
 */
final class AttemptReader {
  /** The end of the body. */
  static final Object END = new Object();

  /** The response failed after its head. */
  record Failed(Throwable cause) {}

  final CompletableFuture<VertxExchange> head = new CompletableFuture<>();

  /** True for the attempt sent on the application's own request. */
  final boolean onOriginal;

  private final boolean stream;
  private final Executor engineThread;
  private final VertxInternals internals;
  private final AtomicBoolean decided = new AtomicBoolean();
  private final AttemptEvents<Object> events = new AttemptEvents<>();

  // Fed on the context before the decision only.
  private PeekBuffer peek;

  private volatile HttpClientResponse response;
  private volatile HttpClientRequest request;
  private volatile boolean ended;

  AttemptReader(
      boolean stream, boolean onOriginal, Executor engineThread, VertxInternals internals) {
    this.stream = stream;
    this.onOriginal = onOriginal;
    this.engineThread = engineThread;
    this.internals = internals;
  }

  /** Rebound's own request for this attempt, to reset it when the attempt is dropped unfinished. */
  void request(HttpClientRequest r) {
    request = r;
    if (events.discarded() && response == null && !onOriginal) {
      internals.reset(r);
    }
  }

  /** The response head arrived: read its body from now on. */
  void onResponse(HttpClientResponse r) {
    response = r;
    peek = new PeekBuffer(stream, r.statusCode(), 0);
    r.handler(this::onChunk);
    r.endHandler(v -> onEnd());
    r.exceptionHandler(this::onError);
  }

  /** The attempt failed before its head, or its body failed after it. */
  void onError(Throwable cause) {
    if (events.discarded()) {
      return;
    }
    if (!decided.compareAndSet(false, true)) {
      events.add(new Failed(cause));
      return;
    }
    engineThread.execute(() -> head.completeExceptionally(new AttemptFailure(cause)));
  }

  /** A failure that is not the attempt's but the call's (a closed client): no retry follows. */
  void failedFinal(RuntimeException cause) {
    if (decided.compareAndSet(false, true)) {
      engineThread.execute(() -> head.completeExceptionally(cause));
    }
  }

  /** The engine chose this attempt: everything goes to {@code to} from now on, in order. */
  void deliverTo(ReplayResponse to) {
    events.deliverTo(to::accept);
  }

  /** Stops a delivered attempt's stream of Rebound's own request (the application reset). */
  void reset() {
    HttpClientRequest r = request;
    if (r != null && !onOriginal) {
      internals.reset(r);
    }
  }

  /** The engine dropped this attempt: nothing more reaches anyone. */
  boolean discarded() {
    return events.discarded();
  }

  void discard() {
    events.discard();
    HttpClientResponse r = response;
    if (ended || onOriginal) {
      // The original's rest is read and dropped by onChunk: its connection then goes back.
      return;
    }
    if (r == null || isSuccessfulStream(r)) {
      // Cancelled in flight, or a stream that may never end: close it.
      reset();
    }
  }

  private void onChunk(Buffer chunk) {
    if (events.discarded()) {
      return;
    }
    byte[] bytes = chunk.getBytes();
    events.add(bytes);
    if (!decided.get() && peek.add(bytes)) {
      decide();
    }
  }

  private void onEnd() {
    ended = true;
    if (events.discarded()) {
      return;
    }
    events.add(END);
    decide();
  }

  private boolean isSuccessfulStream(HttpClientResponse r) {
    return PeekBuffer.successfulStream(stream, r.statusCode());
  }

  /** Hands the attempt to the engine, once. */
  private void decide() {
    if (!decided.compareAndSet(false, true)) {
      return;
    }
    VertxExchange x = new VertxExchange(response, peek.peek(ended), this);
    engineThread.execute(
        () -> {
          if (!head.complete(x)) {
            discard();
          }
        });
  }
}
