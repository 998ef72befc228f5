package dev.rebound.agent.instrument.jdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Reads a request body publisher once, into memory, so that Rebound can send its own copy on every
 * attempt. The JDK's byte-array and string publishers deliver at once, on the subscribing thread;
 * others (Spring's {@code fromPublisher} body) may deliver on threads of their own. Items are
 * requested one at a time, so that a body of unknown length that turns out longer than the limit is
 * not read further: it fails the read with {@link BodyTooLarge}, whose publisher sends what was
 * read and then the rest, once (SPEC §2). Thread-safe (signals are serial, as {@link Flow}
 * requires).
 */
final class RequestBodyReader implements Flow.Subscriber<ByteBuffer> {
  private final long limit;
  private final boolean spill;
  private final ByteArrayOutputStream bytes;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  /** Set once the body went past the limit: every later signal goes there. */
  private SplicedBody rest;

  /**
   * The read failed because the body is longer than the limit; {@link #publisher()} sends the whole
   * body once, as it was.
   */
  static final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient SplicedBody publisher;

    BodyTooLarge(long limit, SplicedBody publisher) {
      super("request body longer than " + limit + " bytes");
      this.publisher = publisher;
    }

    Flow.Publisher<ByteBuffer> publisher() {
      return publisher;
    }
  }

  private RequestBodyReader(long limit, long expected, boolean spill) {
    this.limit = limit;
    this.spill = spill;
    this.bytes = new ByteArrayOutputStream((int) Math.max(0, Math.min(expected, 1 << 20)));
  }

  /**
   * Subscribes to {@code publisher}; the future fails when it fails or sends more than {@code
   * limit} bytes, with {@link BodyTooLarge} when {@code spill} (the body can then still be sent).
   */
  static CompletableFuture<byte[]> read(
      Flow.Publisher<ByteBuffer> publisher, long limit, long expected, boolean spill) {
    RequestBodyReader reader = new RequestBodyReader(limit, expected, spill);
    publisher.subscribe(reader);
    return reader.result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(ByteBuffer item) {
    if (rest != null) {
      rest.upstreamNext(item);
      return;
    }
    if (result.isDone()) {
      return;
    }
    if (bytes.size() + (long) item.remaining() > limit) {
      if (!spill) {
        subscription.cancel();
        result.completeExceptionally(
            new IOException("request body longer than " + limit + " bytes"));
        return;
      }
      rest = new SplicedBody(bytes.toByteArray(), subscription);
      rest.upstreamNext(item);
      result.completeExceptionally(new BodyTooLarge(limit, rest));
      return;
    }
    ByteBuffer b = item.duplicate();
    byte[] chunk = new byte[b.remaining()];
    b.get(chunk);
    bytes.write(chunk, 0, chunk.length);
    subscription.request(1);
  }

  @Override
  public void onError(Throwable error) {
    if (rest != null) {
      rest.upstreamEnd(error);
    } else {
      result.completeExceptionally(error);
    }
  }

  @Override
  public void onComplete() {
    if (rest != null) {
      rest.upstreamEnd(null);
    } else {
      result.complete(bytes.toByteArray());
    }
  }
}
