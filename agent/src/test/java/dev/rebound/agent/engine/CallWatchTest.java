package dev.rebound.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.classify.Classifier;
import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine tells a call's watch of each attempt as it is sent and answered, then of the end. */
class CallWatchTest {
  final FakeClock clock = new FakeClock();
  final FakeTransport server = new FakeTransport(clock);
  final TestConfig config = new TestConfig();
  final List<String> seen = new ArrayList<>();
  int watches;

  final EngineEvents events =
      new EngineEvents() {
        @Override
        public void call(CallRecord record) {
          seen.add("record " + record.outcome().wireName());
        }

        @Override
        public CallWatch watch() {
          watches++;
          return new CallWatch() {
            @Override
            public void attemptStarted() {
              seen.add("send at " + clock.nanoTime() / 1_000_000 + "ms");
            }

            @Override
            public void attemptEnded(AttemptRecord attempt) {
              seen.add("answer " + attempt.model() + " " + attempt.status());
            }

            @Override
            public void ended(CallRecord record) {
              seen.add("end " + record.outcome().wireName() + " " + record.attempts().size());
            }
          };
        }
      };

  @Test
  void attemptsAreWatchedFromSendingAfterTheWaitToTheAnswerThenTheCallEnds() {
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    server
        .respond(429, CallEngineTest.GATEWAY_429, "retry-after", "2")
        .respond(503, CallEngineTest.UNAVAILABLE_503)
        .respond(200, CallEngineTest.OK);
    config.maxAttempts = 2;
    CallEngine engine =
        new CallEngine(
            config.build(), new Classifier(), clock, clock, () -> 0.0, events, () -> null);

    engine.execute(CallEngineTest.call(CallEngineTest.BODY), server);

    // The fake clock starts at 1 s and each fake answer takes 100 ms; the 2 s wait comes before
    // the second send, not inside it, and the next model goes at once.
    assertThat(watches).isOne();
    assertThat(seen)
        .containsExactly(
            "send at 1000ms",
            "answer openai/gpt-4o 429",
            "send at 3100ms",
            "answer openai/gpt-4o 503",
            "send at 3200ms",
            "answer anthropic/claude-sonnet-4.5 200",
            "record fallback_success",
            "end fallback_success 3");
  }

  @Test
  void anAttemptsTimeIsTheRequestsNotTheWaitBeforeIt() {
    List<CallRecord> records = new ArrayList<>();
    server
        .respond(429, CallEngineTest.GATEWAY_429, "retry-after", "2")
        .respond(200, CallEngineTest.OK);
    new CallEngine(
            config.build(), new Classifier(), clock, clock, () -> 0.0, records::add, () -> null)
        .execute(CallEngineTest.call(CallEngineTest.BODY), server);

    // Each fake answer takes 100 ms; the 2 s wait is the first attempt's wait_ms, not part of the
    // second's ms.
    assertThat(records.get(0).attempts())
        .extracting(AttemptRecord::millis, AttemptRecord::waitMillis)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(100.0, 2000.0),
            org.assertj.core.groups.Tuple.tuple(100.0, 0.0));
  }
}
