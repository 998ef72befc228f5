package dev.rebound.agent.instrument.apache5async.adapter;

import dev.rebound.agent.engine.AttemptEvents;
import dev.rebound.agent.engine.PeekBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Rebound's consumer of one attempt's response. It reads the body's first bytes (up to 64 KiB, or a
 * stream until its first significant event) and then hands the attempt to the engine, on Rebound's
 * scheduler, never on the I/O reactor. Every piece of the response is also queued, in order: when
 * the engine delivers this attempt the queue drains into the application's consumer and later bytes
 * follow as they arrive; when it discards it, the queue is dropped and an unfinished exchange is
 * cancelled, which gives its connection lease back. Thread-safe: the reactor feeds it, the
 * scheduler delivers or discards it, and one drainer at a time talks to the application's consumer.
 */
final class AttemptConsumer implements AsyncResponseConsumer<Void> {
  /** The end of the body, with its trailers. */
  record End(List<? extends Header> trailers) {}

  /** The exchange failed after its head arrived. */
  record Failed(Exception cause) {}

  /** The client is done with the consumer. */
  static final Object RELEASE = new Object();

  private final boolean stream;
  private final Executor engineThread;
  final CompletableFuture<AsyncExchange> head = new CompletableFuture<>();
  private final AtomicBoolean decided = new AtomicBoolean();
  private final AttemptEvents<Object> events = new AttemptEvents<>();
  private final AtomicBoolean released = new AtomicBoolean();

  // Written by the reactor before the decision only.
  private HttpResponse response;
  private EntityDetails entity;
  private PeekBuffer peek;
  private FutureCallback<Void> done;

  private volatile boolean ended;
  private volatile Future<?> exchange;

  AttemptConsumer(boolean stream, Executor engineThread) {
    this.stream = stream;
    this.engineThread = engineThread;
  }

  /** The client's future for this exchange, to cancel it when the attempt is dropped unfinished. */
  void exchange(Future<?> future) {
    exchange = future;
    if (events.discarded() && !ended) {
      future.cancel(true);
    }
  }

  @Override
  public void consumeResponse(
      HttpResponse response, EntityDetails entity, HttpContext context, FutureCallback<Void> done) {
    this.response = response;
    this.entity = entity;
    peek =
        new PeekBuffer(stream, response.getCode(), entity == null ? 0 : entity.getContentLength());
    if (entity == null) {
      ended = true;
      events.add(new End(null));
      decide();
      done.completed(null);
    } else {
      this.done = done;
    }
  }

  @Override
  public void informationResponse(HttpResponse response, HttpContext context) {
    // 1xx: nothing the application would have seen apart from its final response.
  }

  @Override
  public void updateCapacity(CapacityChannel capacity) throws IOException {
    // Never back-pressure: the body is held in memory only up to the peek, then flows on.
    capacity.update(Integer.MAX_VALUE);
  }

  @Override
  public void consume(ByteBuffer src) {
    byte[] chunk = new byte[src.remaining()];
    src.get(chunk);
    if (events.discarded()) {
      return;
    }
    events.add(chunk);
    if (!decided.get() && peek.add(chunk)) {
      decide();
    }
  }

  @Override
  public void streamEnd(List<? extends Header> trailers) {
    ended = true;
    // Before the client's callback, which may release this consumer: the application's consumer
    // ends before it is released.
    events.add(new End(trailers));
    decide();
    FutureCallback<Void> d = done;
    if (d != null) {
      d.completed(null);
    }
  }

  @Override
  public void failed(Exception cause) {
    if (!decided.compareAndSet(false, true)) {
      events.add(new Failed(cause));
      return;
    }
    engineThread.execute(() -> head.completeExceptionally(cause));
  }

  /** The client failed the exchange without telling the consumer (not started, say). */
  void failedBeforeResponse(Exception cause) {
    if (decided.compareAndSet(false, true)) {
      engineThread.execute(() -> head.completeExceptionally(cause));
    }
  }

  @Override
  public void releaseResources() {
    if (released.compareAndSet(false, true)) {
      events.add(RELEASE);
    }
  }

  /** The engine chose this attempt: from now on everything goes to {@code d}, in order. */
  void deliver(Delivery d) {
    events.deliverTo(d::accept);
  }

  boolean discarded() {
    return events.discarded();
  }

  /** The engine dropped this attempt: nothing more reaches anyone, and the exchange stops. */
  void discard() {
    events.discard();
    Future<?> f = exchange;
    if (!ended && f != null) {
      // Cancelling closes the connection instead of reading a body nobody wants.
      f.cancel(true);
    }
  }

  /** Hands the attempt to the engine, once, on the engine's thread. */
  private void decide() {
    if (!decided.compareAndSet(false, true)) {
      return;
    }
    AsyncExchange x = new AsyncExchange(response, entity, peek.peek(ended), this);
    engineThread.execute(
        () -> {
          if (!head.complete(x)) {
            discard();
          }
        });
  }
}
