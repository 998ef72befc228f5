package dev.rebound.agent.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.agent.engine.FakeTransport.FakeExchange;
import dev.rebound.api.Classification;
import dev.rebound.api.Outcome;
import dev.rebound.api.StreamError;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Streams (SPEC §4 "Streaming"), Gemini/Azure path models, and the non-blocking driver. */
class StreamingAndAsyncTest extends ManualEngineTest {
  static final String STREAM_BODY = "{\"model\":\"openai/gpt-4o\",\"stream\":true,\"messages\":[]}";
  static final String CONTENT =
      ": OPENROUTER PROCESSING\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n";
  static final String ERROR_FIRST =
      ": OPENROUTER PROCESSING\n\ndata: {\"error\":{\"code\":502,\"message\":\"Provider "
          + "disconnected\"},\"choices\":[{\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}\n\n";

  StreamingAndAsyncTest() {
    super(1.0);
  }

  @Test
  void anErrorEventBeforeContentFallsBack() {
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    config.maxAttempts = 1;
    server.respond(200, ERROR_FIRST).respond(200, CONTENT);

    CallResult<FakeExchange> r = engine().execute(CallEngineTest.call(STREAM_BODY), server);

    assertThat(server.sent)
        .extracting(AttemptRequest::model)
        .containsExactly("openai/gpt-4o", "anthropic/claude-sonnet-4.5");
    assertThat(server.exchanges.get(0).discarded).isEqualTo(1);
    assertThat(((CallResult.Deliver<FakeExchange>) r).exchange().text()).isEqualTo(CONTENT);
  }

  @Test
  void aStreamsRecordWaitsForItsEndAndCarriesALateError() {
    server.respond(200, CONTENT);

    CallResult.Deliver<FakeExchange> d =
        (CallResult.Deliver<FakeExchange>)
            engine().execute(CallEngineTest.call(STREAM_BODY), server);

    assertThat(records).isEmpty();
    d.streamEnded(new StreamError(Classification.PROVIDER_UNAVAILABLE, 1234));
    d.streamEnded(null);
    assertThat(records)
        .singleElement()
        .satisfies(
            rec -> {
              assertThat(rec.stream()).isTrue();
              assertThat(rec.outcome()).isEqualTo(Outcome.SUCCESS);
              assertThat(rec.streamError())
                  .isEqualTo(new StreamError(Classification.PROVIDER_UNAVAILABLE, 1234));
            });
  }

  @Test
  void aFailedStreamIsRecordedAtOnce() {
    config.maxAttempts = 1;
    server.respond(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");

    engine().execute(CallEngineTest.call(STREAM_BODY), server);

    assertThat(records).hasSize(1);
  }

  @Test
  void geminiFallbackRewritesThePathSegmentAndLeavesTheBodyAlone() {
    config.fallbackModels = List.of("gemini-2.5-flash");
    server
        .respond(
            404,
            "{\"error\":{\"code\":404,\"message\":\"models/gemini-9 is not found for"
                + " API version v1beta\",\"status\":\"NOT_FOUND\"}}")
        .respond(200, "{\"candidates\":[]}");
    String body = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}";
    LlmCall call =
        new LlmCall(
            "jdk",
            "generativelanguage.googleapis.com",
            "/v1beta/models/gemini-9:generateContent",
            body.getBytes(UTF_8),
            name -> null);

    CallResult.Deliver<FakeExchange> d =
        (CallResult.Deliver<FakeExchange>) engine().execute(call, server);

    assertThat(server.sent.get(1).path())
        .isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(server.sentBody(1)).isEqualTo(body);
    assertThat(d.headers()).containsEntry("x-rebound-model", "gemini-2.5-flash");
    assertThat(records.get(0).modelRequested()).isEqualTo("gemini-9");
  }

  @Test
  void asyncWaitsRunOnTheSchedulerNotOnTheCallersThread() throws Exception {
    server.respond(503, "{\"error\":{\"code\":503}}", "retry-after", "2").respond(200, "{}");

    CompletableFuture<CallResult<FakeExchange>> f =
        engine().executeAsync(CallEngineTest.call(CallEngineTest.BODY), server::sendAsync);

    assertThat(f).isNotDone();
    assertThat(server.sent).hasSize(1);
    assertThat(scheduler.delaysMillis).containsExactly(2200L);
    assertThat(clock.sleptMillis).isEmpty();
    scheduler.runPending();
    assertThat(f.get(1, TimeUnit.SECONDS)).isInstanceOf(CallResult.Deliver.class);
    assertThat(server.sent).hasSize(2);
  }

  @Test
  void cancellingTheAsyncCallCancelsThePendingRetry() {
    server.respond(503, "{\"error\":{\"code\":503}}", "retry-after", "2").respond(200, "{}");

    CompletableFuture<CallResult<FakeExchange>> f =
        engine().executeAsync(CallEngineTest.call(CallEngineTest.BODY), server::sendAsync);
    f.cancel(true);

    assertThat(scheduler.tasks)
        .singleElement()
        .satisfies(t -> assertThat(t.isCancelled()).isTrue());
    scheduler.runPending();
    assertThat(server.sent).hasSize(1);
  }

  @Test
  void asyncFailuresEndInTheLastException() throws Exception {
    config.maxAttempts = 1;
    ConnectException refused = new ConnectException("refused");
    server.fail(refused);

    CallResult<FakeExchange> r =
        engine()
            .executeAsync(CallEngineTest.call(CallEngineTest.BODY), server::sendAsync)
            .get(1, TimeUnit.SECONDS);

    assertThat(r).isEqualTo(new CallResult.Fail<FakeExchange>(refused));
  }

  @Test
  void aFailureInsideReboundEndsAnAsyncCallInsteadOfLeavingItHanging() throws Exception {
    server.respond(503, "{\"error\":{\"code\":503}}", "retry-after", "1").respond(200, "{}");
    IllegalStateException bug = new IllegalStateException("a bug in Rebound");
    AsyncTransport<FakeExchange> breaksOnTheRetry =
        request -> request.number() == 1 ? server.sendAsync(request) : brokenExchange(bug);

    CompletableFuture<CallResult<FakeExchange>> f =
        engine().executeAsync(CallEngineTest.call(CallEngineTest.BODY), breaksOnTheRetry);
    scheduler.runPending();

    assertThat(f).isCompletedExceptionally();
    assertThatThrownBy(() -> f.get(1, TimeUnit.SECONDS)).hasCause(bug);
  }

  /** An attempt whose answer cannot be read: the engine's own code throws while judging it. */
  private static CompletableFuture<FakeExchange> brokenExchange(RuntimeException bug) {
    return CompletableFuture.completedFuture(
        new FakeExchange(200, java.util.Map.of(), new byte[0]) {
          @Override
          public Peek peekBody() {
            throw bug;
          }
        });
  }
}
