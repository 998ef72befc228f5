package dev.rebound.agent.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.agent.classify.Classifier;
import dev.rebound.agent.engine.FakeTransport.FakeExchange;
import dev.rebound.agent.time.Sleeper;
import dev.rebound.api.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The coordinated pause and the concurrency cap (SPEC §4), with a fake clock and scheduler. */
class PauseAndQueueTest extends ManualEngineTest {
  static final String HOST_429 = "{\"error\":{\"message\":\"Rate limit exceeded\",\"code\":429}}";
  static final String MODEL_429 = CallEngineTest.MODEL_429;
  static final String OK = CallEngineTest.OK;

  PauseAndQueueTest() {
    super(0.0);
  }

  CallResult<FakeExchange> call(String host, String body, String... headers) {
    LlmCall call = CallEngineTest.call(body, headers);
    return engine()
        .execute(
            new LlmCall("okhttp", host, call.path(), call.body(), call.requestHeaders()), server);
  }

  @Test
  void afterAHostWideRateLimitEveryCallToTheHostWaitsForTheHint() {
    config.maxAttempts = 1;
    server.respond(429, HOST_429, "retry-after", "5");
    call("openrouter.ai", CallEngineTest.BODY);
    long limitedAt = clock.nanoTime();
    server.respond(200, OK).respond(200, OK);

    call("openrouter.ai", CallEngineTest.BODY.replace("openai/gpt-4o", "mistralai/mistral-large"));
    call("api.openai.com", CallEngineTest.BODY);

    // The other model on the same host waited the pause; the other host did not wait at all.
    assertThat(clock.sleptMillis).containsExactly(5000L);
    assertThat(records.get(1).waitMillis()).isEqualTo(5000.0);
    assertThat(clock.nanoTime() - limitedAt).isGreaterThanOrEqualTo(5_000_000_000L);
  }

  @Test
  void aPauseThatOutlastsTheDeadlineSendsNothingAndAnswersWithReboundsOwn429() {
    config.maxAttempts = 1;
    config.deadline = Duration.ofSeconds(3);
    server.respond(429, HOST_429, "retry-after", "5");
    call("openrouter.ai", CallEngineTest.BODY);

    CallResult<FakeExchange> r = call("openrouter.ai", CallEngineTest.BODY);

    assertThat(server.sent).hasSize(1);
    CallResult.Synthetic<FakeExchange> own = (CallResult.Synthetic<FakeExchange>) r;
    assertThat(own.status()).isEqualTo(429);
    assertThat(new String(own.body(), UTF_8)).contains("\"type\":\"rebound_paused\"");
    assertThat(own.headers())
        .containsEntry("retry-after", "5")
        .containsEntry("x-rebound-attempts", "0");
    assertThat(records.get(1).outcome()).isEqualTo(Outcome.SHORT_CIRCUITED);
  }

  @Test
  void aModelScopedLimitPausesThatModelOnlyAndAFallbackGoesAtOnce() {
    config.maxAttempts = 1;
    server.respond(429, MODEL_429, "retry-after", "20");
    call("openrouter.ai", CallEngineTest.BODY);
    server.respond(200, OK).respond(200, OK);

    call("openrouter.ai", CallEngineTest.BODY, "x-rebound-fallback", "anthropic/claude-sonnet-4.5");
    assertThat(clock.sleptMillis).isEmpty();
    assertThat(server.sent.get(1).model()).isEqualTo("anthropic/claude-sonnet-4.5");

    call("openrouter.ai", CallEngineTest.BODY);
    // 20 s from the 429, of which the fallback call's 100 ms attempt has passed.
    assertThat(clock.sleptMillis).containsExactly(19_900L);
    assertThat(server.sent.get(2).model()).isEqualTo("openai/gpt-4o");
  }

  @Test
  void aPauseThatBeginsDuringABackoffHoldsTheRetryToo() {
    server.respond(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.respond(200, OK);
    // While this call backs off, another call's gateway limit pauses the host for 5 s.
    CallEngine[] self = new CallEngine[1];
    Sleeper sleeper =
        (nanos, cancelled) -> {
          clock.sleep(nanos, cancelled);
          if (clock.sleptMillis.size() == 1) {
            self[0]
                .protections()
                .pauseFor(
                    "openrouter.ai",
                    "",
                    null,
                    new dev.rebound.agent.classify.Verdict(
                        dev.rebound.api.Classification.GATEWAY_RATE_LIMIT,
                        false,
                        5000,
                        null,
                        dev.rebound.agent.classify.RateLimitScope.HOST));
          }
        };
    engine =
        self[0] =
            new CallEngine(
                config.build(),
                new Classifier(),
                clock,
                sleeper,
                () -> 1.0,
                records::add,
                () -> scheduler);

    call("openrouter.ai", CallEngineTest.BODY);

    assertThat(clock.sleptMillis).hasSize(2);
    assertThat(clock.sleptMillis.get(1)).isEqualTo(5000L);
    assertThat(server.sent).hasSize(2);
  }

  @Test
  void aHintAboveMaxWaitPausesNobody() {
    config.maxAttempts = 1;
    config.maxWait = Duration.ofSeconds(10);
    server.respond(429, HOST_429, "retry-after", "30").respond(200, OK);
    call("openrouter.ai", CallEngineTest.BODY);

    call("openrouter.ai", CallEngineTest.BODY);

    assertThat(clock.sleptMillis).isEmpty();
    assertThat(server.sent).hasSize(2);
  }

  /** Attempts that stay in flight until the test completes them. */
  final List<CompletableFuture<FakeExchange>> inFlight = new ArrayList<>();

  CompletableFuture<CallResult<FakeExchange>> callAsync() {
    return engine()
        .executeAsync(
            CallEngineTest.call(CallEngineTest.BODY),
            request -> {
              server.sent.add(request);
              CompletableFuture<FakeExchange> f = new CompletableFuture<>();
              inFlight.add(f);
              return f;
            });
  }

  static FakeExchange ok() {
    return new FakeExchange(200, new LinkedHashMap<>(), OK.getBytes(UTF_8));
  }

  @Test
  void callsBeyondMaxConcurrencyWaitAndGoInArrivalOrder() {
    config.maxConcurrency = 1;
    CompletableFuture<CallResult<FakeExchange>> first = callAsync();
    CompletableFuture<CallResult<FakeExchange>> second = callAsync();
    CompletableFuture<CallResult<FakeExchange>> third = callAsync();

    assertThat(server.sent).hasSize(1);
    inFlight.get(0).complete(ok());
    assertThat(first).isCompleted();
    assertThat(server.sent).hasSize(2);
    assertThat(third).isNotDone();
    inFlight.get(1).complete(ok());
    assertThat(second).isCompleted();
    assertThat(server.sent).hasSize(3);
  }

  @Test
  void aCallThatFailsInsideReboundGivesBackItsPlace() {
    config.maxConcurrency = 1;
    CompletableFuture<CallResult<FakeExchange>> first = callAsync();
    CompletableFuture<CallResult<FakeExchange>> second = callAsync();

    inFlight.get(0).complete(unreadable());

    assertThat(first).isCompletedExceptionally();
    assertThat(server.sent).as("the next call got the place").hasSize(2);
    inFlight.get(1).complete(ok());
    assertThat(second).isCompleted();
  }

  @Test
  @org.junit.jupiter.api.Timeout(10) // without the fix, the second call waits for a place for ever
  void aBlockingCallThatFailsInsideReboundGivesBackItsPlace() {
    config.maxConcurrency = 1;
    CallEngine engine = engine();
    Transport<FakeExchange> broken =
        new Transport<>() {
          @Override
          public FakeExchange send(AttemptRequest request) {
            return unreadable();
          }

          @Override
          public boolean isCanceled() {
            return false;
          }
        };

    assertThatThrownBy(() -> engine.execute(CallEngineTest.call(CallEngineTest.BODY), broken))
        .hasMessage("a bug in Rebound");
    server.respond(200, OK);
    assertThat(engine.execute(CallEngineTest.call(CallEngineTest.BODY), server))
        .as("the place is free again")
        .isInstanceOf(CallResult.Deliver.class);
  }

  /** An answer the engine's own code fails on, the way a bug inside Rebound would. */
  static FakeExchange unreadable() {
    return new FakeExchange(200, new LinkedHashMap<>(), new byte[0]) {
      @Override
      public Peek peekBody() {
        throw new IllegalStateException("a bug in Rebound");
      }
    };
  }

  @Test
  void aCallThatWaitsLongerThanQueueTimeoutGetsReboundsOwn503WithoutSending() throws Exception {
    config.maxConcurrency = 1;
    config.queueTimeout = Duration.ofSeconds(1);
    callAsync();
    CompletableFuture<CallResult<FakeExchange>> queued = callAsync();

    scheduler.runPending();

    CallResult.Synthetic<FakeExchange> own = (CallResult.Synthetic<FakeExchange>) queued.get();
    assertThat(own.status()).isEqualTo(503);
    assertThat(new String(own.body(), UTF_8))
        .isEqualTo(
            "{\"error\":{\"code\":503,\"message\":\"rebound: queue timeout for openrouter.ai\","
                + "\"type\":\"rebound_queue_timeout\"}}");
    assertThat(own.headers()).containsEntry("x-rebound-attempts", "0");
    assertThat(records)
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.SHORT_CIRCUITED));
    assertThat(server.sent).hasSize(1);
    assertThat(scheduler.delaysMillis).containsExactly(1000L);
  }

  @Test
  void queueingCountsAgainstTheDeadline() {
    config.maxConcurrency = 1;
    config.queueTimeout = Duration.ofSeconds(30);
    config.deadline = Duration.ofSeconds(2);
    callAsync();
    callAsync();

    assertThat(scheduler.delaysMillis).containsExactly(2000L);
  }

  @Test
  void aTimedOutWaiterDoesNotTakeAPlaceLater() {
    config.maxConcurrency = 1;
    config.queueTimeout = Duration.ofSeconds(1);
    callAsync();
    callAsync();
    scheduler.runPending();

    inFlight.get(0).complete(ok());
    CompletableFuture<CallResult<FakeExchange>> later = callAsync();

    assertThat(server.sent).hasSize(2);
    assertThat(later).isNotDone();
  }

  @Test
  void aStreamKeepsItsPlaceUntilItEnds() {
    config.maxConcurrency = 1;
    CompletableFuture<CallResult<FakeExchange>> stream =
        engine()
            .executeAsync(
                CallEngineTest.call(StreamingAndAsyncTest.STREAM_BODY),
                request -> {
                  server.sent.add(request);
                  return CompletableFuture.completedFuture(
                      new FakeExchange(
                          200,
                          new LinkedHashMap<>(),
                          StreamingAndAsyncTest.CONTENT.getBytes(UTF_8)));
                });
    callAsync();
    assertThat(server.sent).hasSize(1);

    ((CallResult.Deliver<FakeExchange>) stream.join()).streamEnded(null);

    assertThat(server.sent).hasSize(2);
  }
}
