package dev.rebound.agent.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.classify.Classifier;
import dev.rebound.agent.engine.FakeTransport.FakeExchange;
import dev.rebound.api.CallRecord;
import dev.rebound.api.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The circuit breaker and the retry budget (SPEC §4), shared by every call of one engine. */
class ProtectionsTest {
  static final String BODY = CallEngineTest.BODY;
  static final String DOWN = "{\"error\":{\"message\":\"Service Unavailable\",\"code\":503}}";
  static final String OK = CallEngineTest.OK;

  final FakeClock clock = new FakeClock();
  final FakeTransport server = new FakeTransport(clock);
  final TestConfig config = new TestConfig();
  final List<CallRecord> records = new ArrayList<>();
  final List<String> breakerEvents = new ArrayList<>();
  int budgetDenied;
  CallEngine engine;

  CallEngine engine() {
    if (engine == null) {
      EngineEvents events =
          new EngineEvents() {
            @Override
            public void call(CallRecord record) {
              records.add(record);
            }

            @Override
            public void budgetDenied() {
              budgetDenied++;
            }

            @Override
            public void breaker(String host, String model, String state, Instant until) {
              breakerEvents.add(model + " " + state + (until == null ? "" : " " + until));
            }
          };
      engine =
          new CallEngine(
              config.build(), new Classifier(), clock, clock, () -> 0.0, events, () -> null);
    }
    return engine;
  }

  CallResult<FakeExchange> call() {
    return engine().execute(CallEngineTest.call(BODY), server);
  }

  void failOnce(int times) {
    for (int i = 0; i < times; i++) {
      server.respond(503, DOWN);
      call();
    }
  }

  @Test
  void opensTheCircuitAfterFiveConsecutiveRetryableFailuresAndShortCircuitsWithoutSending() {
    config.maxAttempts = 1;
    config.breakerWait = false;
    failOnce(5);
    int sentBefore = server.sent.size();

    CallResult<FakeExchange> result = call();

    assertThat(server.sent).hasSize(sentBefore);
    CallResult.Synthetic<FakeExchange> own = (CallResult.Synthetic<FakeExchange>) result;
    assertThat(own.status()).isEqualTo(503);
    assertThat(new String(own.body(), UTF_8))
        .isEqualTo(
            "{\"error\":{\"code\":503,\"message\":\"rebound: circuit open for openai/gpt-4o\","
                + "\"type\":\"rebound_circuit_open\"}}");
    assertThat(own.headers())
        .containsEntry("retry-after", "30")
        .containsEntry("x-rebound-attempts", "0")
        .containsEntry("x-rebound-classification", "PROVIDER_UNAVAILABLE");
    assertThat(records.get(5).outcome()).isEqualTo(Outcome.SHORT_CIRCUITED);
    assertThat(records.get(5).attempts()).isEmpty();
    assertThat(breakerEvents).singleElement().asString().startsWith("openai/gpt-4o open ");
  }

  @Test
  void namesEveryOpenModelAndRetryAfterIsTheFirstProbe() {
    config.maxAttempts = 1;
    config.breakerWait = false;
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    for (int i = 0; i < 5; i++) {
      server.respond(503, DOWN).respond(503, DOWN);
      call();
      clock.advanceMillis(1000);
    }

    CallResult.Synthetic<FakeExchange> own = (CallResult.Synthetic<FakeExchange>) call();

    assertThat(new String(own.body(), UTF_8))
        .contains("circuit open for openai/gpt-4o, anthropic/claude-sonnet-4.5");
    // The first circuit opened 1.2 s before the second: 30 s - 1.0 s elapsed, rounded up.
    assertThat(own.headers()).containsEntry("retry-after", "29");
  }

  @Test
  void skipsAnOpenModelAndGoesStraightToTheFallback() {
    config.maxAttempts = 1;
    failOnce(5);
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    engine = null;
    engine();
    server.sent.clear();
    // A fresh engine has closed circuits: open gpt-4o again, this time with a fallback configured.
    for (int i = 0; i < 5; i++) {
      server.respond(503, DOWN).respond(200, OK);
      call();
    }
    server.sent.clear();
    server.respond(200, OK);

    CallResult.Deliver<FakeExchange> d = (CallResult.Deliver<FakeExchange>) call();

    assertThat(server.sent)
        .extracting(AttemptRequest::model)
        .containsExactly("anthropic/claude-sonnet-4.5");
    assertThat(d.headers()).containsEntry("x-rebound-attempts", "1");
    assertThat(records.get(records.size() - 1).outcome()).isEqualTo(Outcome.FALLBACK_SUCCESS);
  }

  @Test
  void letsOneProbeThroughAfterTheOpenTimeAndASuccessClosesIt() {
    config.maxAttempts = 1;
    failOnce(5);
    clock.advanceMillis(30_000);
    server.respond(200, OK);

    CallResult<FakeExchange> probe = call();

    assertThat(probe).isInstanceOf(CallResult.Deliver.class);
    assertThat(breakerEvents)
        .extracting(e -> e.split(" ")[1])
        .containsExactly("open", "half_open", "closed");
    server.respond(200, OK);
    assertThat(call()).isInstanceOf(CallResult.Deliver.class);
  }

  @Test
  void whileTheProbeIsInFlightOtherCallsAreStillRejected() {
    config.maxAttempts = 1;
    failOnce(5);
    clock.advanceMillis(30_000);
    Protections p = engine().protections();
    CircuitBreaker circuit = p.circuit("openrouter.ai", "", "openai/gpt-4o");

    assertThat(p.enter(circuit, p.nextArrival()).allowed()).isTrue();
    assertThat(p.enter(circuit, p.nextArrival()).allowed()).isFalse();
  }

  @Test
  void aFailedProbeReopensTheCircuit() {
    config.maxAttempts = 1;
    config.breakerWait = false;
    failOnce(5);
    clock.advanceMillis(30_000);
    server.respond(503, DOWN);
    call();

    assertThat(call()).isInstanceOf(CallResult.Synthetic.class);
    assertThat(breakerEvents)
        .extracting(e -> e.split(" ")[1])
        .containsExactly("open", "half_open", "open");
  }

  @Test
  void theOpenTimeIsNeverShorterThanTheLastRetryAfterHint() {
    config.maxAttempts = 1;
    config.maxWait = Duration.ofSeconds(1);
    for (int i = 0; i < 5; i++) {
      server.respond(503, DOWN, "retry-after", "90");
      call();
    }
    clock.advanceMillis(60_000);

    assertThat(call()).isInstanceOf(CallResult.Synthetic.class);
    clock.advanceMillis(31_000);
    server.respond(200, OK);
    assertThat(call()).isInstanceOf(CallResult.Deliver.class);
  }

  @Test
  void nonRetryableAnswersDoNotOpenTheCircuit() {
    config.maxAttempts = 1;
    for (int i = 0; i < 8; i++) {
      server.respond(400, CallEngineTest.BAD_400);
      call();
    }
    server.respond(200, OK);

    assertThat(call()).isInstanceOf(CallResult.Deliver.class);
    assertThat(breakerEvents).isEmpty();
  }

  @Test
  void retriesBeyondTheBudgetAreNotMadeAndTheFailureGoesToTheApplication() {
    config.retryBudget = 0.2;
    config.retryBudgetMinPerSecond = 0;
    config.breakerFailureThreshold = 1000;
    config.maxAttempts = 5;
    for (int i = 0; i < 10; i++) {
      server.respond(200, OK);
      call();
    }
    server.respond(503, DOWN).respond(503, DOWN).respond(503, DOWN).respond(200, OK);

    CallResult.Deliver<FakeExchange> d = (CallResult.Deliver<FakeExchange>) call();

    // 11 first attempts in the window allow 2.2 follow-ups: the third retry is not made.
    assertThat(server.sent).hasSize(13);
    assertThat(d.exchange().status()).isEqualTo(503);
    assertThat(budgetDenied).isEqualTo(1);
  }

  @Test
  void aQuietAppCanStillRetryThanksToTheMinimumPerSecond() {
    config.retryBudget = 0.0;
    config.retryBudgetMinPerSecond = 1;
    server.respond(503, DOWN).respond(503, DOWN).respond(200, OK);

    assertThat(call()).isInstanceOf(CallResult.Deliver.class);
    assertThat(server.sent).hasSize(3);
    assertThat(budgetDenied).isZero();
  }

  @Test
  void theBudgetWindowSlidesOnAfterTenSeconds() {
    config.retryBudget = 0.0;
    config.retryBudgetMinPerSecond = 0;
    config.maxAttempts = 2;
    server.respond(503, DOWN);
    call();
    assertThat(budgetDenied).isEqualTo(1);
    clock.advanceMillis(10_000);
    server.respond(503, DOWN);
    call();

    assertThat(budgetDenied).isEqualTo(2);
  }
}
