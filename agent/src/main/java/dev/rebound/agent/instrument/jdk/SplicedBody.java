package dev.rebound.agent.instrument.jdk;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A body that went past {@code rebound.max-request-body} while Rebound read it: what was read, then
 * the rest of the same subscription, for the one request that carries it (SPEC §2). The rest is
 * requested from the application's publisher only as the JDK asks for it, so nothing beyond one
 * item waits in memory. Subscribable once. Thread-safe: one drain loop at a time emits.
 */
final class SplicedBody implements Flow.Publisher<ByteBuffer>, Flow.Subscription {
  private final Queue<ByteBuffer> items = new ConcurrentLinkedQueue<>();
  private final Flow.Subscription upstream;
  private final AtomicLong demand = new AtomicLong();
  private final AtomicInteger draining = new AtomicInteger();
  private volatile Flow.Subscriber<? super ByteBuffer> downstream;
  private volatile boolean upstreamRequested = true;
  private volatile boolean upstreamEnded;
  private volatile Throwable upstreamError;
  private volatile boolean done;

  SplicedBody(byte[] read, Flow.Subscription upstream) {
    this.upstream = upstream;
    if (read.length > 0) {
      items.add(ByteBuffer.wrap(read));
    }
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    downstream = subscriber;
    subscriber.onSubscribe(this);
    drain();
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      cancel();
      downstream.onError(new IllegalArgumentException("non-positive request: " + n));
      return;
    }
    demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
    drain();
  }

  @Override
  public void cancel() {
    done = true;
    upstream.cancel();
  }

  /** The application's publisher sent an item this body asked for. */
  void upstreamNext(ByteBuffer item) {
    items.add(item);
    upstreamRequested = false;
    drain();
  }

  /** The application's publisher ended, with {@code error} or normally (null). */
  void upstreamEnd(Throwable error) {
    upstreamError = error;
    upstreamEnded = true;
    drain();
  }

  private void drain() {
    if (draining.getAndIncrement() != 0) {
      return;
    }
    do {
      Flow.Subscriber<? super ByteBuffer> s = downstream;
      if (s != null && !done) {
        emit(s);
      }
    } while (draining.decrementAndGet() != 0);
  }

  private void emit(Flow.Subscriber<? super ByteBuffer> s) {
    while (demand.get() > 0 && !items.isEmpty() && !done) {
      demand.decrementAndGet();
      s.onNext(items.poll());
    }
    if (done || !items.isEmpty()) {
      return;
    }
    if (upstreamEnded) {
      done = true;
      if (upstreamError != null) {
        s.onError(upstreamError);
      } else {
        s.onComplete();
      }
    } else if (demand.get() > 0 && !upstreamRequested) {
      upstreamRequested = true;
      upstream.request(1);
    }
  }
}
