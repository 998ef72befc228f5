package dev.rebound.agent.instrument.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A one-shot body of unknown length (Spring's JSON objects) is read ahead up to the limit; one that
 * goes past it is sent once, whole: what was read, then the rest of the same subscription (SPEC
 * §2).
 */
class RequestBodyReaderTest {

  @Test
  void aBodyOfUnknownLengthWithinTheLimitIsReadWhole() throws Exception {
    byte[] body = bytes(40_000);

    byte[] read =
        RequestBodyReader.read(oneShot(body), 64 * 1024, -1, true).get(5, TimeUnit.SECONDS);

    assertThat(read).isEqualTo(body);
  }

  @Test
  void aBodyPastTheLimitIsSplicedBackWholeForOneRequest() throws Exception {
    byte[] body = bytes(100_000);

    CompletableFuture<byte[]> read = RequestBodyReader.read(oneShot(body), 20_000, -1, true);

    assertThatThrownBy(() -> read.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(RequestBodyReader.BodyTooLarge.class);
    RequestBodyReader.BodyTooLarge tooLarge =
        (RequestBodyReader.BodyTooLarge) read.handle((b, e) -> e).get();
    assertThat(collect(tooLarge.publisher())).isEqualTo(body);
  }

  @Test
  void withoutSplicingABodyPastTheLimitFailsTheRead() {
    CompletableFuture<byte[]> read =
        RequestBodyReader.read(oneShot(bytes(100_000)), 20_000, -1, false);

    assertThatThrownBy(() -> read.get(5, TimeUnit.SECONDS))
        .cause()
        .isNotInstanceOf(RequestBodyReader.BodyTooLarge.class)
        .hasMessageContaining("longer than 20000 bytes");
  }

  private static BodyPublisher oneShot(byte[] body) {
    return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  /** Subscribes and asks for one item at a time, as a careful consumer would. */
  private static byte[] collect(Flow.Publisher<ByteBuffer> publisher) throws Exception {
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    publisher.subscribe(
        new Flow.Subscriber<>() {
          private Flow.Subscription s;

          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            s = subscription;
            s.request(1);
          }

          @Override
          public void onNext(ByteBuffer item) {
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            out.writeBytes(chunk);
            s.request(1);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }

          @Override
          public void onComplete() {
            done.complete(out.toByteArray());
          }
        });
    return done.get(5, TimeUnit.SECONDS);
  }
}
