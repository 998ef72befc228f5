package dev.rebound.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.engine.FakeTransport.FakeExchange;
import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;
import dev.rebound.api.Classification;
import dev.rebound.api.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A call whose first connects fail before its body is known (Reactor Netty asks for the body only
 * on a connection): those failures are its first attempts, decided and recorded by the engine.
 */
class EarlyFailuresTest extends ManualEngineTest {
  static final String HOST = "openrouter.ai";
  static final String PATH = "/api/v1/chat/completions";
  static final String OK = "{\"choices\":[]}";

  EarlyFailuresTest() {
    super(1.0);
  }

  EarlyFailures refusedOnce(String... headers) {
    return engine()
        .failedBeforeBody(
            "reactor-netty",
            HOST,
            PATH,
            name -> {
              for (int i = 0; i + 1 < headers.length; i += 2) {
                if (headers[i].equalsIgnoreCase(name)) {
                  return headers[i + 1];
                }
              }
              return null;
            },
            TimeUnit.MILLISECONDS.toNanos(40));
  }

  /** A connect timeout as Netty reports it: a ConnectException whose class names the timeout. */
  static final class ConnectTimeoutException extends ConnectException {
    private static final long serialVersionUID = 1L;

    ConnectTimeoutException() {
      super("connection timed out: /127.0.0.1:1");
    }
  }

  @Test
  void refusedConnectsAreTheCallsFirstAttemptsAndItsBodyGoesOnWithTheRest() throws Exception {
    server.respond(200, OK);
    EarlyFailures early = refusedOnce();

    long firstWait = early.onFailure(new ConnectException("Connection refused"));
    clock.advanceMillis(firstWait / 1_000_000);
    early.sending();
    clock.advanceMillis(10);
    long secondWait = early.onFailure(new ConnectTimeoutException());
    clock.advanceMillis(secondWait / 1_000_000);
    early.sending();
    CompletableFuture<CallResult<FakeExchange>> f =
        engine().executeAsync(CallEngineTest.call(CallEngineTest.BODY), server::sendAsync, early);

    // Full jitter at its ceiling (random 1.0): base-delay, then twice it.
    assertThat(firstWait).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
    assertThat(secondWait).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1000));
    CallResult.Deliver<FakeExchange> d = CallEngineTest.delivered(f.get(1, TimeUnit.SECONDS));
    assertThat(d.headers()).containsEntry("x-rebound-attempts", "3");
    assertThat(server.sent).extracting(AttemptRequest::number).containsExactly(3);
    CallRecord rec = records.get(0);
    assertThat(rec.outcome()).isEqualTo(Outcome.RETRY_SUCCESS);
    assertThat(rec.attempts())
        .extracting(AttemptRecord::classification)
        .containsExactly(Classification.NETWORK, Classification.TIMEOUT, Classification.SUCCESS);
    assertThat(rec.attempts())
        .extracting(AttemptRecord::model)
        .containsOnly(rec.modelRequested())
        .doesNotContainNull();
    assertThat(rec.attempts()).extracting(AttemptRecord::millis).startsWith(40.0, 10.0);
    assertThat(rec.waitMillis()).isEqualTo(1500.0);
    assertThat(rec.totalMillis()).isEqualTo(40 + 500 + 10 + 1000 + server.attemptMillis);
  }

  @Test
  void theyCountAgainstMaxAttempts() throws Exception {
    config.maxAttempts = 3;
    server.respond(503, "{\"error\":{\"code\":503}}").respond(200, OK);
    EarlyFailures early = refusedOnce();
    early.onFailure(new ConnectException("Connection refused"));
    early.sending();

    CompletableFuture<CallResult<FakeExchange>> f =
        engine().executeAsync(CallEngineTest.call(CallEngineTest.BODY), server::sendAsync, early);
    scheduler.runPending();

    // Attempts 2 (503) and 3 (200): a fourth would have been past max-attempts.
    assertThat(CallEngineTest.delivered(f.get(1, TimeUnit.SECONDS)).headers())
        .containsEntry("x-rebound-attempts", "3");
    assertThat(server.sent).extracting(AttemptRequest::number).containsExactly(2, 3);
  }

  @Test
  void theCallFailsAndIsRecordedOnceItsAttemptsAreSpent() {
    config.maxAttempts = 2;
    EarlyFailures early = refusedOnce();

    long wait = early.onFailure(new ConnectException("Connection refused"));
    early.sending();
    long none = early.onFailure(new ConnectException("Connection refused"));

    assertThat(wait).isPositive();
    assertThat(none).isEqualTo(-1);
    CallRecord rec = records.get(0);
    assertThat(rec.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(rec.client()).isEqualTo("reactor-netty");
    assertThat(rec.modelRequested()).isNull();
    assertThat(rec.attempts())
        .extracting(AttemptRecord::classification)
        .containsExactly(Classification.NETWORK, Classification.NETWORK);
  }

  @Test
  void retryOffInTheClientsHeadersMeansOneAttempt() {
    EarlyFailures early = refusedOnce("x-rebound-retry", "off");

    assertThat(early.onFailure(new ConnectException("Connection refused"))).isEqualTo(-1);
    assertThat(records.get(0).attempts()).hasSize(1);
  }

  @Test
  void noRetryPastTheDeadline() {
    config.deadline = java.time.Duration.ofMillis(300);
    EarlyFailures early = refusedOnce();

    // base-delay (500 ms) does not fit in what is left of 300 ms.
    assertThat(early.onFailure(new ConnectException("Connection refused"))).isEqualTo(-1);
    assertThat(records).hasSize(1);
  }

  @Test
  void aCallCancelledDuringTheWaitIsRecordedOnceAndNotRunAfterwards() throws IOException {
    EarlyFailures early = refusedOnce();
    early.onFailure(new ConnectException("Connection refused"));

    early.stop();
    early.stop();
    CompletableFuture<CallResult<FakeExchange>> f =
        engine().executeAsync(CallEngineTest.call(CallEngineTest.BODY), server::sendAsync, early);

    assertThat(f).isCancelled();
    assertThat(server.sent).isEmpty();
    assertThat(records).singleElement().extracting(CallRecord::outcome).isEqualTo(Outcome.FAILED);
  }
}
