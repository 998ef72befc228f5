package dev.rebound.agent.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.engine.CallWatch;
import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;
import dev.rebound.api.Classification;
import dev.rebound.api.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rebound's JFR events, recorded in this JVM and read back from the recording file. */
class JfrEventsTest {
  @TempDir Path dir;

  static final AttemptRecord LIMITED =
      new AttemptRecord(
          "openai/gpt-4o", 429, Classification.PROVIDER_RATE_LIMIT, false, "OpenAI", 120, 1000);
  static final AttemptRecord ANSWERED =
      new AttemptRecord(
          "anthropic/claude-sonnet-4.5", 200, Classification.SUCCESS, false, null, 80, 0);
  static final CallRecord CALL =
      new CallRecord(
          Instant.now(),
          "okhttp",
          "openrouter.ai",
          "/api/v1/chat/completions",
          false,
          "openai/gpt-4o",
          "anthropic/claude-sonnet-4.5",
          Outcome.FALLBACK_SUCCESS,
          200,
          1300,
          1000,
          List.of(LIMITED, ANSWERED),
          null);

  @Test
  void noRecordingMeansNoWatch() {
    assertThat(JfrEvents.watch()).isSameAs(CallWatch.NONE);
  }

  @Test
  void callAttemptsAndBreakerCarryTheirFieldsAndTimes() throws IOException {
    List<RecordedEvent> events;
    try (Recording recording = new Recording()) {
      recording.enable("rebound.Call");
      recording.enable("rebound.Attempt");
      recording.enable("rebound.Breaker");
      recording.start();
      CallWatch watch = JfrEvents.watch();
      watch.attemptStarted();
      watch.attemptEnded(LIMITED);
      JfrEvents.breaker("openrouter.ai", "openai/gpt-4o", "open");
      watch.attemptStarted();
      watch.attemptEnded(ANSWERED);
      watch.ended(CALL);
      recording.stop();
      Path file = dir.resolve("rebound.jfr");
      recording.dump(file);
      events = RecordingFile.readAllEvents(file);
    }

    assertThat(events)
        .extracting(e -> e.getEventType().getName())
        .containsExactly("rebound.Attempt", "rebound.Breaker", "rebound.Attempt", "rebound.Call");
    RecordedEvent first = events.get(0);
    assertThat(first.getString("model")).isEqualTo("openai/gpt-4o");
    assertThat(first.getInt("status")).isEqualTo(429);
    assertThat(first.getString("classification")).isEqualTo("PROVIDER_RATE_LIMIT");
    assertThat(first.getString("provider")).isEqualTo("OpenAI");
    assertThat(first.getLong("waitBeforeMs")).isZero();
    RecordedEvent second = events.get(2);
    assertThat(second.getString("model")).isEqualTo("anthropic/claude-sonnet-4.5");
    assertThat(second.getString("provider")).isNull();
    assertThat(second.getLong("waitBeforeMs"))
        .as("the wait after the first attempt")
        .isEqualTo(1000);
    RecordedEvent breaker = events.get(1);
    assertThat(breaker.getString("host")).isEqualTo("openrouter.ai");
    assertThat(breaker.getString("model")).isEqualTo("openai/gpt-4o");
    assertThat(breaker.getString("state")).isEqualTo("open");
    RecordedEvent call = events.get(3);
    assertThat(call.getString("client")).isEqualTo("okhttp");
    assertThat(call.getString("host")).isEqualTo("openrouter.ai");
    assertThat(call.getString("path")).isEqualTo("/api/v1/chat/completions");
    assertThat(call.getString("modelRequested")).isEqualTo("openai/gpt-4o");
    assertThat(call.getString("modelUsed")).isEqualTo("anthropic/claude-sonnet-4.5");
    assertThat(call.getString("outcome")).isEqualTo("fallback_success");
    assertThat(call.getInt("status")).isEqualTo(200);
    assertThat(call.getInt("attempts")).isEqualTo(2);
    // The call spans its attempts: it began before the first and ended after the last.
    assertThat(call.getStartTime()).isBeforeOrEqualTo(first.getStartTime());
    assertThat(call.getEndTime()).isAfterOrEqualTo(second.getEndTime());
    assertThat(second.getStartTime()).isAfterOrEqualTo(first.getEndTime());
  }

  @Test
  void aDisabledEventIsNotWritten() throws IOException {
    List<RecordedEvent> events;
    try (Recording recording = new Recording()) {
      recording.enable("rebound.Breaker");
      // Events are enabled by default in a recording; a user's settings may turn them off.
      recording.disable("rebound.Call");
      recording.disable("rebound.Attempt");
      recording.start();
      CallWatch watch = JfrEvents.watch();
      JfrEvents.breaker("openrouter.ai", "openai/gpt-4o", "closed");
      recording.stop();
      Path file = dir.resolve("breaker.jfr");
      recording.dump(file);
      events = RecordingFile.readAllEvents(file);
      assertThat(watch).isSameAs(CallWatch.NONE);
    }
    assertThat(events)
        .extracting(e -> e.getEventType().getName())
        .containsExactly("rebound.Breaker");
    assertThat(Files.exists(dir.resolve("breaker.jfr"))).isTrue();
  }
}
