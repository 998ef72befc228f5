package dev.rebound.agent.instrument.jdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Reads a request body publisher once, into memory, so that Rebound can send its own copy on every
 * attempt. The JDK's byte-array and string publishers deliver at once, on the subscribing thread;
 * others (Spring's {@code fromPublisher} body) may deliver on threads of their own. Thread-safe
 * (signals are serial, as {@link Flow} requires).
 */
final class RequestBodyReader implements Flow.Subscriber<ByteBuffer> {
  private final long limit;
  private final ByteArrayOutputStream bytes;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private RequestBodyReader(long limit, long expected) {
    this.limit = limit;
    this.bytes = new ByteArrayOutputStream((int) Math.max(0, Math.min(expected, 1 << 20)));
  }

  /**
   * Subscribes to {@code publisher}; the future fails when it fails or sends more than {@code
   * limit} bytes.
   */
  static CompletableFuture<byte[]> read(Flow.Publisher<ByteBuffer> publisher, long limit, long expected) {
    RequestBodyReader reader = new RequestBodyReader(limit, expected);
    publisher.subscribe(reader);
    return reader.result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(ByteBuffer item) {
    if (result.isDone()) {
      return;
    }
    if (bytes.size() + (long) item.remaining() > limit) {
      subscription.cancel();
      result.completeExceptionally(new IOException("request body longer than " + limit + " bytes"));
      return;
    }
    ByteBuffer b = item.duplicate();
    byte[] chunk = new byte[b.remaining()];
    b.get(chunk);
    bytes.write(chunk, 0, chunk.length);
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    result.complete(bytes.toByteArray());
  }
}
