package dev.rebound.agent.instrument.reactornetty.adapter;

import dev.rebound.agent.engine.AttemptEvents;
import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.PeekBuffer;
import dev.rebound.agent.engine.StreamTail;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The one reader of an attempt's response body. It reads the body's first bytes (up to 64 KiB, or a
 * stream until its first significant event) and then hands the attempt to the engine, on the event
 * loop that read it. Every piece of the body is kept, copied (Reactor Netty frees its buffers once
 * read), in order: when the engine delivers this attempt they go to the application's reader and
 * later pieces follow as they arrive; when it discards it they are dropped, and a body not yet at
 * its end is cut (the connection is closed; a body read to its end has already given its connection
 * back to the pool). Thread-safe: the event loop feeds it and the engine decides there, the
 * application reads from any thread, one drainer at a time writes.
 */
final class AttemptRelay implements CoreSubscriber<ByteBuf> {
  private static final Object END = new Object();

  private record Failed(Throwable cause) {}

  private final Head head;
  private final CompletableFuture<ReactorExchange> attempt;
  private final AtomicBoolean decided = new AtomicBoolean();
  private final AttemptEvents<Object> events = new AttemptEvents<>();
  private final AtomicBoolean hasReader = new AtomicBoolean();

  // Fed by the event loop before the decision only.
  private final PeekBuffer peek;

  private volatile Subscription upstream;
  private volatile boolean ended;
  private volatile StreamTail tail;
  private volatile CallResult.Deliver<ReactorExchange> pendingStream;

  private AttemptRelay(Head head, boolean stream, CompletableFuture<ReactorExchange> attempt) {
    this.head = head;
    this.attempt = attempt;
    this.peek =
        new PeekBuffer(
            stream,
            head.response().status().code(),
            head.response().responseHeaders().getInt(HttpHeaderNames.CONTENT_LENGTH, 0));
  }

  /** Starts reading the body of {@code head}; {@code attempt} completes once the peek is read. */
  static void start(Head head, boolean stream, CompletableFuture<ReactorExchange> attempt) {
    head.connection().inbound().receive().subscribe(new AttemptRelay(head, stream, attempt));
  }

  @Override
  public void onSubscribe(Subscription s) {
    upstream = s;
    if (events.discarded()) {
      s.cancel();
      return;
    }
    // Never back-pressure: the body is held in memory only up to the peek, then flows on.
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(ByteBuf buf) {
    byte[] chunk = ByteBufUtil.getBytes(buf);
    if (events.discarded()) {
      return;
    }
    events.add(chunk);
    if (!decided.get() && peek.add(chunk)) {
      decide();
    }
  }

  @Override
  public void onError(Throwable t) {
    if (decided.compareAndSet(false, true)) {
      // The body broke before the engine saw the attempt: the attempt failed.
      attempt.completeExceptionally(ReactorFailure.of(t));
      return;
    }
    events.add(new Failed(t));
  }

  @Override
  public void onComplete() {
    ended = true;
    events.add(END);
    decide();
  }

  /**
   * The engine chose this attempt: its body for the application's reader, in order, through {@code
   * tail} for a released stream whose record waits for its end ({@code pending}).
   */
  Flux<ByteBuf> body(StreamTail tail, CallResult.Deliver<ReactorExchange> pending) {
    if (tail == null && pending == null && ended) {
      // Read to its end already (most answers that are not streams): nothing more can come.
      return Flux.defer(this::readEnded);
    }
    return Flux.create(s -> deliver(s, tail, pending));
  }

  /** The whole body, to its first reader; empty to a later one, as Reactor Netty's inbound. */
  private Flux<ByteBuf> readEnded() {
    if (!hasReader.compareAndSet(false, true) || events.discarded()) {
      return Flux.empty();
    }
    List<ByteBuf> chunks = new ArrayList<>(2);
    // Nothing is added after the end: every event passes here, before this returns.
    events.deliverTo(
        event -> {
          if (event instanceof byte[] bytes) {
            chunks.add(Unpooled.wrappedBuffer(bytes));
          }
        });
    return chunks.size() == 1 ? Flux.just(chunks.get(0)) : Flux.fromIterable(chunks);
  }

  private void deliver(
      FluxSink<ByteBuf> sink, StreamTail tail, CallResult.Deliver<ReactorExchange> pending) {
    if (!hasReader.compareAndSet(false, true)) {
      // As Reactor Netty's own inbound: a body read to its end is empty for a later reader (Spring
      // releases a consumed body that way); one still being read has room for one reader only.
      if (ended || events.discarded()) {
        sink.complete();
      } else {
        sink.error(new IllegalStateException("Only one connection receive subscriber allowed."));
      }
      return;
    }
    this.tail = tail;
    this.pendingStream = pending;
    sink.onDispose(
        () -> {
          if (!ended) {
            discard();
          }
        });
    events.deliverTo(event -> emit(sink, event));
  }

  /** The engine dropped this attempt, or the reader stopped: nothing more reaches anyone. */
  boolean discarded() {
    return events.discarded();
  }

  void discard() {
    events.discard();
    if (!ended) {
      streamEnded(null);
      Subscription s = upstream;
      if (s != null) {
        s.cancel();
      }
      head.connection().dispose();
    }
  }

  /** Hands the attempt to the engine, once, on the engine's thread. */
  private void decide() {
    if (!decided.compareAndSet(false, true)) {
      return;
    }
    ReactorExchange x = new ReactorExchange(head, peek.peek(ended), this);
    // On the event loop that read it: the engine's decisions never block (its waits go to
    // Rebound's scheduler), and the application's receiver runs on this loop anyway; a hand-over
    // to the scheduler and back cost more than all the rest of a managed call.
    if (!attempt.complete(x)) {
      discard();
    }
  }

  private void emit(FluxSink<ByteBuf> sink, Object event) {
    if (event instanceof byte[] bytes) {
      StreamTail t = tail;
      if (t != null) {
        t.onBytes(bytes, 0, bytes.length);
      }
      sink.next(Unpooled.wrappedBuffer(bytes));
    } else if (event == END) {
      streamEnded(tail);
      sink.complete();
    } else if (event instanceof Failed failed) {
      streamEnded(tail);
      sink.error(failed.cause());
    }
  }

  private void streamEnded(StreamTail t) {
    CallResult.Deliver<ReactorExchange> pending = pendingStream;
    if (pending != null) {
      pendingStream = null;
      pending.streamEnded(t == null ? null : t.error());
    }
  }
}
