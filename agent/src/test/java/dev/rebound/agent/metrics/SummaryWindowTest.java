package dev.rebound.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;
import dev.rebound.api.Classification;
import dev.rebound.api.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryWindowTest {

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final SummaryWindow window = new SummaryWindow(clock);

  /** A call as the log sees it: counted by its thread, then its record taken by the writer. */
  private void written(CallRecord record) {
    window.count(record);
    window.recordLatency(record);
  }

  @Test
  void aCallWhoseRecordTheWriterNeverTookIsCountedButNotInTheLatency() {
    window.count(Calls.success("m", 700.0));
    written(Calls.success("m", 100.0));

    Summary summary = window.snapshot();

    assertThat(summary.calls()).isEqualTo(2);
    assertThat(summary.latency().max()).isEqualTo(100.0);
    assertThat(summary.models().get(0).calls()).isEqualTo(2);
    assertThat(summary.models().get(0).latency().max()).isEqualTo(100.0);
  }

  @Test
  void startsEachIntervalWithEmptyPercentiles() {
    written(Calls.success("m", 900.0));
    window.snapshot();

    written(Calls.success("m", 100.0));
    Latency latency = window.snapshot().latency();

    assertThat(latency).isEqualTo(new Latency(100.0, 100.0, 100.0, 100.0, 100.0));
  }

  @Test
  void reportsPercentilesOfAKnownDistribution() {
    for (int millis = 1; millis <= 1000; millis++) {
      written(Calls.success("m", millis));
    }

    Latency latency = window.snapshot().latency();

    assertThat(latency.p50()).isCloseTo(500.0, within(1.0));
    assertThat(latency.p90()).isCloseTo(900.0, within(1.0));
    assertThat(latency.p99()).isCloseTo(990.0, within(1.0));
    assertThat(latency.p999()).isCloseTo(999.0, within(1.0));
    assertThat(latency.max()).isEqualTo(1000.0);
  }

  @Test
  void reportsPerModelPercentilesWithinOnePercent() {
    for (int i = 0; i < 90; i++) {
      written(Calls.success("fast", 100.0));
    }
    for (int i = 0; i < 10; i++) {
      written(Calls.success("fast", 2000.0));
    }

    Summary.Model model = window.snapshot().models().get(0);

    assertThat(model.latency().p50()).isCloseTo(100.0, within(1.0));
    assertThat(model.latency().p99()).isCloseTo(2000.0, within(20.0));
    assertThat(model.latency().max()).isEqualTo(2000.0);
  }

  @Test
  void neverReportsAPercentileAboveTheExactMaximum() {
    for (int i = 0; i < 10; i++) {
      written(Calls.success("m", 5000.0));
    }

    Latency latency = window.snapshot().latency();

    assertThat(latency).isEqualTo(new Latency(5000.0, 5000.0, 5000.0, 5000.0, 5000.0));
  }

  @Test
  void reportsZeroLatencyWhenNoCallSentAnything() {
    written(Calls.shortCircuited("m"));

    Summary summary = window.snapshot();

    assertThat(summary.calls()).isEqualTo(1);
    assertThat(summary.latency()).isEqualTo(Latency.ZERO);
    assertThat(summary.models().get(0).latency()).isEqualTo(Latency.ZERO);
  }

  @Test
  void countsClassesOfFailedAttemptsAndRetriesBeyondEachFirstAttempt() {
    written(Calls.fallbackSuccess());
    written(Calls.success("m", 10.0));

    Summary summary = window.snapshot();

    assertThat(summary.attempts()).isEqualTo(4);
    assertThat(summary.retries()).isEqualTo(2);
    assertThat(summary.classes())
        .containsOnly(
            org.assertj.core.api.Assertions.entry(Classification.PROVIDER_RATE_LIMIT, 1L),
            org.assertj.core.api.Assertions.entry(Classification.PROVIDER_UNAVAILABLE, 1L));
  }

  @Test
  void keysModelsByTheRequestedModelAndCountsEverySuccessfulOutcome() {
    written(Calls.fallbackSuccess());
    written(Calls.success("openai/gpt-4o", 10.0));
    written(withOutcome(Calls.success("openai/gpt-4o", 10.0), Outcome.RETRY_SUCCESS));
    written(withOutcome(Calls.success("openai/gpt-4o", 10.0), Outcome.FAILED));
    written(Calls.success(null, 10.0));

    Summary summary = window.snapshot();

    assertThat(summary.calls()).isEqualTo(5);
    assertThat(summary.models()).hasSize(1);
    Summary.Model model = summary.models().get(0);
    assertThat(model.name()).isEqualTo("openai/gpt-4o");
    assertThat(model.calls()).isEqualTo(4);
    assertThat(model.success()).isEqualTo(3);
  }

  @Test
  void forgetsModelsThatWereIdleForAWholeInterval() {
    written(Calls.success("old", 10.0));
    window.snapshot();

    written(Calls.success("new", 10.0));
    Summary summary = window.snapshot();

    assertThat(summary.models()).extracting(Summary.Model::name).containsExactly("new");
  }

  @Test
  void listsNoMoreThanTheModelCapButCountsEveryCall() {
    for (int i = 0; i < SummaryWindow.MAX_MODELS + 5; i++) {
      written(Calls.success("model-" + i, 10.0));
    }

    Summary summary = window.snapshot();

    assertThat(summary.models()).hasSize(SummaryWindow.MAX_MODELS);
    assertThat(summary.calls()).isEqualTo(SummaryWindow.MAX_MODELS + 5);
  }

  @Test
  void coversTheSecondsSinceTheLastSnapshotRounded() {
    clock.advance(Duration.ofMillis(59_600));
    Summary first = window.snapshot();
    clock.advance(Duration.ofMillis(400));

    Summary second = window.snapshot();

    assertThat(first.intervalSeconds()).isEqualTo(60);
    assertThat(second.intervalSeconds()).isEqualTo(0);
  }

  private static CallRecord withOutcome(CallRecord call, Outcome outcome) {
    List<AttemptRecord> attempts = call.attempts();
    return new CallRecord(
        call.timestamp(),
        call.client(),
        call.host(),
        call.path(),
        call.stream(),
        call.modelRequested(),
        call.modelUsed(),
        outcome,
        call.status(),
        call.totalMillis(),
        call.waitMillis(),
        attempts,
        call.streamError());
  }

  @Test
  void sharedFiguresAreTheStateNowAndTheEventsOfTheInterval() {
    CallCounters counters = new CallCounters();
    SummaryWindow shared = new SummaryWindow(clock, counters);
    assertThat(shared.snapshot().shared()).isEqualTo(new Summary.Shared("off", 0, 0));
    counters.sharedState("connected");
    counters.sharedPublished();
    counters.sharedPublished();
    counters.sharedReceived();

    assertThat(shared.snapshot().shared()).isEqualTo(new Summary.Shared("connected", 2, 1));
    counters.sharedState("disconnected");
    assertThat(shared.snapshot().shared()).isEqualTo(new Summary.Shared("disconnected", 0, 0));
  }
}
