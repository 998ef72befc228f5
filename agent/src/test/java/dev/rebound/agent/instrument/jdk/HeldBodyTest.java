package dev.rebound.agent.instrument.jdk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class HeldBodyTest {

  @Test
  void aBodyIsReadToItsEndWhenSmallThenReplayedAtTheApplicationsPace() {
    HeldBody body = new HeldBody(false, 200, 0);
    Upstream upstream = new Upstream();
    body.onSubscribe(upstream);
    body.onNext(items("{\"error\":"));
    body.onNext(items("\"down\"}"));
    body.onComplete();
    App app = new App(1);

    body.deliverTo(app, null);

    assertThat(body.getBody()).isCompletedWithValue(body);
    assertThat(new String(body.peek().bytes(), 0, body.peek().length(), UTF_8))
        .isEqualTo("{\"error\":\"down\"}");
    assertThat(upstream.requested).containsExactly(1L, 1L, 1L);
    assertThat(app.text()).isEqualTo("{\"error\":\"down\"}");
    assertThat(app.completed).isTrue();
    assertThat(app.requests).isEqualTo(3);
  }

  @Test
  void aBodyWhoseAnnouncedLengthHasComeIsWholeBeforeTheJdkSaysSo() {
    byte[] json = "{\"id\":\"chatcmpl-1\"}".getBytes(UTF_8);
    HeldBody body = new HeldBody(false, 200, json.length);
    Upstream upstream = new Upstream();
    body.onSubscribe(upstream);
    body.onNext(List.of(ByteBuffer.wrap(json, 0, 5)));
    assertThat(body.getBody()).as("the body's value, which the JDK's send waits for").isNotDone();
    body.onNext(List.of(ByteBuffer.wrap(json, 5, json.length - 5)));

    // Judged and delivered whole on the thread that read the last byte: the caller waiting for
    // the attempt is not woken a second time by the JDK's completion.
    assertThat(body.getBody()).isCompletedWithValue(body);
    App app = new App(Long.MAX_VALUE);
    body.deliverTo(app, null);
    assertThat(app.text()).isEqualTo(new String(json, UTF_8));
    assertThat(app.completed).isTrue();
    assertThat(upstream.requested).containsExactly(1L, 1L);

    // What the JDK signals afterwards changes nothing, and nothing was cancelled: its connection
    // goes back to its pool as after any whole body.
    body.onError(new IOException("connection reset after the body"));
    body.onComplete();
    assertThat(app.done).isNotDone();
    assertThat(upstream.cancelled).isFalse();
  }

  @Test
  void aStreamIsHeldOnlyUntilItsFirstContentEventThenFlowsAsItArrives() {
    HeldBody body = new HeldBody(true, 200, 0);
    Upstream upstream = new Upstream();
    body.onSubscribe(upstream);
    body.onNext(items(": OPENROUTER PROCESSING\n\n"));
    assertThat(body.getBody()).isNotDone();
    body.onNext(items("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"));
    assertThat(body.getBody()).isDone();
    App app = new App(Long.MAX_VALUE);

    body.deliverTo(app, null);
    body.onNext(items("data: [DONE]\n\n"));

    assertThat(app.items).hasSize(3);
    assertThat(app.text()).endsWith("data: [DONE]\n\n");
    // Two single requests while holding, then the application's unbounded demand, once.
    assertThat(upstream.requested).containsExactly(1L, 1L, Long.MAX_VALUE);
  }

  @Test
  void demandBeyondTheHeldItemsGoesUpstreamAndNoFurther() {
    HeldBody body = new HeldBody(false, 200, 0);
    Upstream upstream = new Upstream();
    body.onSubscribe(upstream);
    body.onNext(List.of(ByteBuffer.wrap(new byte[70 * 1024])));
    App app = new App(0);
    body.deliverTo(app, null);

    app.subscription.request(3);

    assertThat(app.items).hasSize(1);
    assertThat(upstream.requested).containsExactly(1L, 2L);
    body.onNext(items("a"));
    body.onNext(items("b"));
    body.onComplete();
    assertThat(app.items).hasSize(3);
    assertThat(app.completed).isTrue();
  }

  @Test
  void aDiscardedAttemptStopsReadingAfterThePeek() {
    HeldBody body = new HeldBody(false, 200, 0);
    Upstream upstream = new Upstream();
    body.onSubscribe(upstream);
    body.onNext(List.of(ByteBuffer.wrap(new byte[70 * 1024])));

    body.discard();

    assertThat(body.peek().length()).isEqualTo(64 * 1024);
    assertThat(upstream.cancelled).isTrue();
  }

  @Test
  void aBodyBrokenBeforeTheDecisionFailsTheAttempt() {
    HeldBody body = new HeldBody(false, 200, 0);
    body.onSubscribe(new Upstream());
    body.onNext(items("{\"err"));

    body.onError(new IOException("connection reset"));

    assertThat(body.getBody())
        .isCompletedExceptionally()
        .failsWithin(java.time.Duration.ZERO)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(IOException.class);
  }

  @Test
  void theApplicationCancellingCancelsTheResponseAndEndsTheWatch() {
    HeldBody body = new HeldBody(true, 200, 0);
    Upstream upstream = new Upstream();
    body.onSubscribe(upstream);
    body.onNext(items("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"));
    List<String> watched = new ArrayList<>();
    App app = new App(1);
    body.deliverTo(
        app,
        new HeldBody.Watch() {
          @Override
          public void onItem(List<ByteBuffer> item) {
            watched.add("item");
          }

          @Override
          public void onEnd() {
            watched.add("end");
          }
        });

    app.subscription.cancel();

    assertThat(upstream.cancelled).isTrue();
    assertThat(watched).containsExactly("item", "end");
  }

  @Test
  void reboundsOwnBodyIsDeliveredWhole() {
    HeldBody body = HeldBody.of("{\"error\":{\"code\":503}}".getBytes(UTF_8));
    App app = new App(Long.MAX_VALUE);

    body.deliverTo(app, null);

    assertThat(app.text()).isEqualTo("{\"error\":{\"code\":503}}");
    assertThat(app.completed).isTrue();
  }

  @Test
  void aBodyDroppedBeforeTheJdkSubscribesReadsNothingAndFreesItsConnection() {
    HeldBody.Handler attempt = new HeldBody.Handler(true);
    attempt.discard();
    HeldBody body = (HeldBody) attempt.apply(new OkHead());
    Upstream upstream = new Upstream();

    body.onSubscribe(upstream);

    assertThat(upstream.requested).isEmpty();
    assertThat(upstream.cancelled).isTrue();
  }

  private static List<ByteBuffer> items(String s) {
    return List.of(ByteBuffer.wrap(s.getBytes(UTF_8)));
  }

  /** The JDK's side: records what was asked of it. */
  private static final class Upstream implements Flow.Subscription {
    final List<Long> requested = new ArrayList<>();
    boolean cancelled;

    @Override
    public void request(long n) {
      requested.add(n);
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  /** The application's subscriber: asks for {@code batch} items at first and after each one. */
  private static final class App implements Flow.Subscriber<List<ByteBuffer>> {
    final List<List<ByteBuffer>> items = new ArrayList<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final long batch;
    Flow.Subscription subscription;
    boolean completed;
    int requests;

    App(long batch) {
      this.batch = batch;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      ask();
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      items.add(item);
      if (batch != Long.MAX_VALUE) {
        ask();
      }
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      completed = true;
    }

    private void ask() {
      if (batch > 0) {
        requests++;
        subscription.request(batch);
      }
    }

    String text() {
      StringBuilder s = new StringBuilder();
      for (List<ByteBuffer> item : items) {
        for (ByteBuffer b : item) {
          s.append(UTF_8.decode(b.duplicate()));
        }
      }
      return s.toString();
    }
  }
}
