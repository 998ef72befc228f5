package dev.rebound.agent.instrument.apache5async.adapter;

import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.StreamTail;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hc.core5.concurrent.ComplexFuture;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The application's side of a managed async call: its response consumer, fed the final attempt's
 * head and then its body pieces in order, and its future, completed exactly once with what the
 * consumer produced. A released stream's bytes also pass {@link StreamTail}, and the call is
 * recorded at its end. Driven by one thread at a time ({@link AttemptConsumer}'s drainer).
 */
final class Delivery {
  /** The application's consumer never asks Rebound for capacity: the bytes flow regardless. */
  private static final org.apache.hc.core5.http.nio.CapacityChannel NO_CAPACITY = increment -> {};

  private final AsyncResponseConsumer<Object> consumer;
  private final ComplexFuture<Object> future;
  private final StreamTail tail;
  private final CallResult.Deliver<?> pending;
  private boolean broken;

  private Delivery(
      AsyncResponseConsumer<Object> consumer,
      ComplexFuture<Object> future,
      StreamTail tail,
      CallResult.Deliver<?> pending) {
    this.consumer = consumer;
    this.future = future;
    this.tail = tail;
    this.pending = pending;
  }

  /**
   * Starts the application's consumer on {@code response}; the body follows through {@link
   * #accept}. {@code tail} and {@code pending} are set for a released stream, else null.
   */
  static Delivery start(
      AsyncResponseConsumer<Object> consumer,
      ComplexFuture<Object> future,
      HttpResponse response,
      EntityDetails entity,
      HttpContext context,
      StreamTail tail,
      CallResult.Deliver<?> pending) {
    Delivery d = new Delivery(consumer, future, tail, pending);
    try {
      consumer.consumeResponse(response, entity, context, d.result());
      if (entity != null) {
        consumer.updateCapacity(NO_CAPACITY);
      }
    } catch (HttpException | IOException | RuntimeException e) {
      d.fail(e);
    }
    return d;
  }

  /** One piece of the response, in order: bytes, its end, a failure, or the release. */
  void accept(Object event) {
    if (broken) {
      if (event == AttemptConsumer.RELEASE) {
        consumer.releaseResources();
      }
      return;
    }
    try {
      if (event instanceof byte[] bytes) {
        if (tail != null) {
          tail.onBytes(bytes, 0, bytes.length);
        }
        consumer.consume(ByteBuffer.wrap(bytes));
      } else if (event instanceof AttemptConsumer.End end) {
        streamEnded();
        consumer.streamEnd(end.trailers());
      } else if (event instanceof AttemptConsumer.Failed failed) {
        fail(failed.cause());
      } else if (event == AttemptConsumer.RELEASE) {
        consumer.releaseResources();
      }
    } catch (HttpException | IOException | RuntimeException e) {
      fail(e);
    }
  }

  private void fail(Exception cause) {
    broken = true;
    streamEnded();
    try {
      consumer.failed(cause);
    } finally {
      future.failed(cause);
    }
  }

  private void streamEnded() {
    if (pending != null) {
      pending.streamEnded(tail.error());
    }
  }

  /** The application consumer's result goes to the application's future (and its callback). */
  private FutureCallback<Object> result() {
    return relayTo(future);
  }

  /** A callback that hands a result, a failure or a cancel on to {@code future}. */
  static FutureCallback<Object> relayTo(ComplexFuture<Object> future) {
    return new FutureCallback<>() {
      @Override
      public void completed(Object result) {
        future.completed(result);
      }

      @Override
      public void failed(Exception ex) {
        future.failed(ex);
      }

      @Override
      public void cancelled() {
        future.cancel();
      }
    };
  }
}
