package dev.rebound.agent.instrument.jdk;

import dev.rebound.agent.engine.Exchange;
import dev.rebound.agent.engine.Peek;
import dev.rebound.agent.engine.PeekBuffer;
import dev.rebound.agent.engine.StreamGate;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * One attempt's response body, first held, then either handed on or dropped. The attempt's body
 * subscriber (made by its {@link Handler}), it reads only until the engine can judge the attempt:
 * the whole body or its first {@link Exchange#PEEK_LIMIT} bytes, or for a 2xx stream until {@link
 * StreamGate} decides; the body's value ({@link #getBody()}) completes then, and with it the JDK
 * completes the attempt's response (the JDK goes on reading into it). If the attempt is delivered,
 * the application's subscriber gets the held items first and then the rest as it arrives, at the
 * pace of its own {@code request(n)}; if it is discarded, the rest is cancelled (a small error body
 * has been read to its end, so its connection is reused).
 *
 * <p>Thread-safe: upstream signals come on the client's threads, demand on the application's. State
 * changes are guarded by this object's lock, which is never held while calling out; one thread at a
 * time emits (the {@code emitting} flag), so items reach the application in order.
 */
class HeldBody implements HttpResponse.BodySubscriber<HeldBody>, Flow.Subscription {
  /** What to tell a watcher of a delivered body (a released stream). */
  interface Watch {
    void onItem(List<ByteBuffer> item);

    /** The body ended, was cancelled or failed. Called once. */
    void onEnd();
  }

  private final PeekBuffer peek;
  private final CompletableFuture<HeldBody> decided = new CompletableFuture<>();
  private final Deque<List<ByteBuffer>> queue = new ArrayDeque<>();

  private Flow.Subscription upstream;

  /** Upstream items requested and not yet received; saturates at Long.MAX_VALUE. */
  private long outstanding;

  private boolean upstreamDone;
  private Throwable upstreamError;

  /**
   * Bytes of the announced length still to come, or -1 when no length was announced. A body whose
   * last byte has come is whole: it is judged and delivered then, not when the JDK's completion
   * follows on another of its threads, which would wake the waiting caller a second time.
   */
  private long unread;

  private Flow.Subscriber<? super List<ByteBuffer>> downstream;
  private Watch watch;
  private long demand;
  private boolean emitting;
  private boolean finished;

  /**
   * @param stream whether the attempt asked for a stream: a 2xx one is held until the gate opens
   * @param status the attempt's response status
   * @param announcedLength the body's {@code Content-Length}, or 0 when it has none
   */
  HeldBody(boolean stream, int status, long announcedLength) {
    this.peek = new PeekBuffer(stream, status, announcedLength);
    this.unread = announcedLength > 0 ? announcedLength : -1;
  }

  /** A new body of this one's class: {@link TrustedBody}'s subclass makes its own. */
  HeldBody fresh(boolean stream, int status, long announcedLength) {
    return new HeldBody(stream, status, announcedLength);
  }

  /**
   * What an attempt asks of the JDK: its body read into a new {@code HeldBody}, the response handed
   * back once the attempt can be judged. The body goes on coming afterwards if the attempt is
   * delivered (a stream).
   */
  static final class Handler implements HttpResponse.BodyHandler<HeldBody> {
    private final boolean stream;
    private volatile HeldBody made;
    private volatile boolean discarded;

    Handler(boolean stream) {
      this.stream = stream;
    }

    @Override
    public HttpResponse.BodySubscriber<HeldBody> apply(HttpResponse.ResponseInfo info) {
      HeldBody body = TrustedBody.make(stream, info.statusCode(), announcedLength(info.headers()));
      made = body;
      if (discarded) {
        body.discard();
      }
      return body;
    }

    /**
     * The attempt is given up (an interrupt, a cancel): its body is dropped, now or when its head
     * comes. Both fields are volatile, so a head racing this is seen by one side or the other.
     */
    void discard() {
      discarded = true;
      HeldBody body = made;
      if (body != null) {
        body.discard();
      }
    }
  }

  /** The body's {@code Content-Length}, or 0 when it has none the JDK could have read it by. */
  private static long announcedLength(HttpHeaders headers) {
    String length = HeadersLookup.first(headers, "content-length");
    if (length == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(length.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A body that is all there already: Rebound's own responses. */
  static HeldBody of(byte[] bytes) {
    HeldBody body = new HeldBody(false, 200, 0);
    body.queue.add(List.of(ByteBuffer.wrap(bytes)));
    body.upstreamDone = true;
    body.decided.complete(body);
    return body;
  }

  // ---- the attempt: upstream signals ----

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    boolean dropped;
    synchronized (this) {
      dropped = finished;
      if (!dropped) {
        upstream = subscription;
        outstanding = 1;
      }
    }
    if (dropped) {
      // Discarded between the head and the JDK's subscribing: nothing is read, the connection goes.
      subscription.cancel();
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    boolean decide = false;
    boolean more = false;
    synchronized (this) {
      if (outstanding != Long.MAX_VALUE) {
        outstanding--;
      }
      if (finished) {
        return;
      }
      queue.add(item);
      if (unread > 0) {
        for (ByteBuffer b : item) {
          unread -= b.remaining();
        }
        // Nothing more will come: the JDK's completion still follows, and changes nothing.
        upstreamDone = unread <= 0;
      }
      if (!decided.isDone()) {
        decide = peek.add(item) || upstreamDone;
        more = !decide;
        if (more) {
          outstanding++;
        }
      }
    }
    if (decide) {
      decided.complete(this);
    } else if (more) {
      upstream.request(1);
    } else {
      drain();
    }
  }

  @Override
  public void onError(Throwable error) {
    synchronized (this) {
      if (unread == 0) {
        // The whole announced body came: what breaks after it is not the body's.
        return;
      }
      upstreamDone = true;
      upstreamError = error;
    }
    // Before the engine has judged the attempt, a broken body is a failed attempt (it is retried
    // like a reset connection); afterwards it belongs to whoever reads the body.
    if (!decided.completeExceptionally(asIo(error))) {
      drain();
    }
  }

  @Override
  public void onComplete() {
    synchronized (this) {
      upstreamDone = true;
    }
    if (!decided.complete(this)) {
      drain();
    }
  }

  /**
   * Completes when the engine can judge the attempt, or exceptionally when the body failed before
   * that: the JDK hands the attempt's response back then.
   */
  @Override
  public CompletableFuture<HeldBody> getBody() {
    return decided;
  }

  // ---- what the engine reads ----

  /**
   * What the engine judges the attempt by ({@link PeekBuffer#peek}); read only once decided, when
   * it no longer changes.
   */
  synchronized Peek peek() {
    return peek.peek(upstreamDone);
  }

  /** The attempt is not delivered: stop reading, free the connection. */
  void discard() {
    Flow.Subscription s;
    synchronized (this) {
      finished = true;
      queue.clear();
      s = upstreamDone ? null : upstream;
      upstreamDone = true;
    }
    if (s != null) {
      s.cancel();
    }
  }

  // ---- the delivery: the application's subscriber ----

  /** Hands this body to the application's subscriber; {@code w} may be null. */
  void deliverTo(Flow.Subscriber<? super List<ByteBuffer>> subscriber, Watch w) {
    synchronized (this) {
      downstream = subscriber;
      watch = w;
    }
    subscriber.onSubscribe(this);
    drain();
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      fail(new IllegalArgumentException("non-positive request: " + n));
      return;
    }
    synchronized (this) {
      demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
    }
    drain();
  }

  @Override
  public void cancel() {
    Flow.Subscription s;
    Watch w;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      queue.clear();
      s = upstreamDone ? null : upstream;
      w = watch;
    }
    if (s != null) {
      s.cancel();
    }
    if (w != null) {
      w.onEnd();
    }
  }

  /** Emits what the application asked for, from one thread at a time. */
  private void drain() {
    synchronized (this) {
      if (emitting) {
        // The emitting thread re-reads the state under the lock before it stops, so it sees this.
        return;
      }
      emitting = true;
    }
    while (true) {
      List<ByteBuffer> item = null;
      boolean end = false;
      Throwable error = null;
      long toRequest = 0;
      synchronized (this) {
        if (downstream == null || finished) {
          emitting = false;
          return;
        }
        if (demand > 0 && !queue.isEmpty()) {
          item = queue.poll();
          if (demand != Long.MAX_VALUE) {
            demand--;
          }
        } else if (queue.isEmpty() && upstreamDone) {
          finished = true;
          end = true;
          error = upstreamError;
        } else if (demand > outstanding + queue.size() && outstanding != Long.MAX_VALUE) {
          // Past the held items: the application's demand goes upstream, so nothing is buffered.
          toRequest =
              demand == Long.MAX_VALUE ? Long.MAX_VALUE : demand - outstanding - queue.size();
          outstanding = toRequest == Long.MAX_VALUE ? Long.MAX_VALUE : outstanding + toRequest;
        } else {
          emitting = false;
          return;
        }
      }
      if (item != null) {
        if (watch != null) {
          watch.onItem(item);
        }
        downstream.onNext(item);
      } else if (end) {
        finish(error);
        return;
      } else if (toRequest > 0) {
        upstream.request(toRequest);
      }
    }
  }

  private void fail(Throwable error) {
    Flow.Subscription s;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      s = upstreamDone ? null : upstream;
    }
    if (s != null) {
      s.cancel();
    }
    finish(error);
  }

  private void finish(Throwable error) {
    if (watch != null) {
      watch.onEnd();
    }
    if (error == null) {
      downstream.onComplete();
    } else {
      downstream.onError(error);
    }
  }

  private static IOException asIo(Throwable error) {
    return error instanceof IOException io ? io : new IOException(error.getMessage(), error);
  }
}
