package dev.rebound.agent.metrics;

import static dev.rebound.agent.metrics.JsonLines.array;
import static dev.rebound.agent.metrics.JsonLines.object;
import static dev.rebound.agent.metrics.JsonLines.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;
import dev.rebound.api.Classification;
import dev.rebound.api.Outcome;
import dev.rebound.api.StreamError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsLogTest {

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final MetricsLog log =
      MetricsLog.create(out, true, 100, Duration.ofSeconds(60), clock, null);

  @Test
  void writesStartRecordWithMillisecondTimestampAndSortedConfig() throws IOException {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("rebound.retry.max-attempts", "3");
    config.put("rebound.deadline", "120s");

    log.start("0.1.0", "17.0.15", List.of("okhttp", "jdk"), config);
    Map<String, Object> start = closeAndRead().get(0);

    assertThat(start)
        .containsExactly(
            Map.entry("type", "start"),
            Map.entry("ts", "2026-11-25T10:00:00.000Z"),
            Map.entry("version", "0.1.0"),
            Map.entry("jvm", "17.0.15"),
            Map.entry("clients", List.of("okhttp", "jdk")),
            Map.entry(
                "config",
                new LinkedHashMap<>(
                    Map.of("rebound.deadline", "120s", "rebound.retry.max-attempts", "3"))));
    assertThat(object(start.get("config")).keySet())
        .containsExactly("rebound.deadline", "rebound.retry.max-attempts");
  }

  @Test
  void writesCallRecordWithEveryFieldOfSpecAndNothingElse() throws IOException {
    log.call(Calls.fallbackSuccess());
    Map<String, Object> call = ofType(closeAndRead(), "call").get(0);

    assertThat(call.keySet())
        .containsExactly(
            "type",
            "ts",
            "client",
            "host",
            "path",
            "stream",
            "model_requested",
            "model_used",
            "outcome",
            "status",
            "total_ms",
            "wait_ms",
            "attempts");
    assertThat(call)
        .containsEntry("ts", "2026-11-25T10:00:05.250Z")
        .containsEntry("client", "okhttp")
        .containsEntry("host", "openrouter.ai")
        .containsEntry("path", "/api/v1/chat/completions")
        .containsEntry("stream", false)
        .containsEntry("model_requested", "openai/gpt-4o")
        .containsEntry("model_used", "anthropic/claude-sonnet-4.5")
        .containsEntry("outcome", "fallback_success")
        .containsEntry("status", 200L)
        .containsEntry("total_ms", 2731.4)
        .containsEntry("wait_ms", 2000.0);
    List<Object> attempts = array(call.get("attempts"));
    assertThat(object(attempts.get(0)))
        .containsExactly(
            Map.entry("model", "openai/gpt-4o"),
            Map.entry("status", 429L),
            Map.entry("class", "PROVIDER_RATE_LIMIT"),
            Map.entry("provider", "OpenAI"),
            Map.entry("ms", 120.3),
            Map.entry("wait_ms", 1000.0));
    assertThat(object(attempts.get(1)).keySet())
        .containsExactly("model", "status", "class", "ms", "wait_ms");
    assertThat(object(attempts.get(2)))
        .containsExactly(
            Map.entry("model", "anthropic/claude-sonnet-4.5"),
            Map.entry("status", 200L),
            Map.entry("class", "SUCCESS"),
            Map.entry("ms", 523.1));
  }

  @Test
  void writesErrorInBodyAndStreamErrorOnlyWhenPresent() throws IOException {
    CallRecord call =
        new CallRecord(
            Calls.FINISHED,
            "okhttp",
            "127.0.0.1:8080",
            "/v1/chat/completions",
            true,
            "openai/gpt-4o",
            "openai/gpt-4o",
            Outcome.RETRY_SUCCESS,
            200,
            900.0,
            0.0,
            List.of(
                new AttemptRecord(
                    "openai/gpt-4o",
                    200,
                    Classification.PROVIDER_UNAVAILABLE,
                    true,
                    null,
                    300.0,
                    0.0),
                new AttemptRecord(
                    "openai/gpt-4o", 200, Classification.SUCCESS, false, null, 600.0, 0.0)),
            new StreamError(Classification.PROVIDER_UNAVAILABLE, 5120));

    log.call(call);
    Map<String, Object> written = ofType(closeAndRead(), "call").get(0);

    assertThat(written).containsEntry("host", "127.0.0.1:8080").containsEntry("stream", true);
    List<Object> attempts = array(written.get("attempts"));
    assertThat(object(attempts.get(0)))
        .containsEntry("error_in_body", true)
        .doesNotContainKeys("provider", "wait_ms");
    assertThat(object(attempts.get(1))).doesNotContainKey("error_in_body");
    assertThat(object(written.get("stream_error")))
        .containsExactly(
            Map.entry("class", "PROVIDER_UNAVAILABLE"), Map.entry("after_bytes", 5120L));
  }

  @Test
  void writesNullForUnknownModelsSoTheRecordKeepsItsShape() throws IOException {
    log.call(Calls.shortCircuited(null));
    Map<String, Object> call = ofType(closeAndRead(), "call").get(0);

    assertThat(call)
        .containsEntry("model_requested", null)
        .containsEntry("model_used", null)
        .containsEntry("outcome", "short_circuited")
        .containsEntry("attempts", List.of());
  }

  @Test
  void writesBreakerRecordWithUntilOnlyWhenKnown() throws IOException {
    log.breaker("openrouter.ai", "openai/gpt-4o", "open", Instant.parse("2026-11-25T10:00:30Z"));
    log.breaker("openrouter.ai", "openai/gpt-4o", "closed", null);
    List<Map<String, Object>> breakers = ofType(closeAndRead(), "breaker");

    assertThat(breakers.get(0))
        .containsExactly(
            Map.entry("type", "breaker"),
            Map.entry("ts", "2026-11-25T10:00:00.000Z"),
            Map.entry("host", "openrouter.ai"),
            Map.entry("model", "openai/gpt-4o"),
            Map.entry("state", "open"),
            Map.entry("until", "2026-11-25T10:00:30.000Z"));
    assertThat(breakers.get(1).keySet()).containsExactly("type", "ts", "host", "model", "state");
  }

  @Test
  void rejectsAnUnknownBreakerState() {
    assertThatThrownBy(() -> log.breaker("openrouter.ai", "m", "ajar", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state must be open, half_open or closed: ajar");
  }

  @Test
  void writesSummaryWithEveryFieldOfSpec() throws IOException {
    log.call(Calls.fallbackSuccess());
    log.call(Calls.shortCircuited("openai/gpt-4o"));
    log.passthrough();
    log.passthrough();
    log.budgetDenied();
    log.unmanagedBody();
    log.agentError();
    clock.advance(Duration.ofMillis(12_600));

    Map<String, Object> summary = ofType(closeAndRead(), "summary").get(0);

    assertThat(summary.keySet())
        .containsExactly(
            "type",
            "ts",
            "interval_s",
            "calls",
            "outcomes",
            "classes",
            "attempts",
            "retries",
            "budget_denied",
            "dropped",
            "agent_errors",
            "unmanaged_body",
            "latency_ms",
            "models",
            "shared");
    // SPEC §8: a JVM that shares nothing says so.
    assertThat(object(summary.get("shared")))
        .containsExactly(
            Map.entry("state", "off"), Map.entry("published", 0L), Map.entry("received", 0L));
    assertThat(summary)
        .containsEntry("ts", "2026-11-25T10:00:12.600Z")
        .containsEntry("interval_s", 13L)
        .containsEntry("calls", 2L)
        .containsEntry("attempts", 3L)
        .containsEntry("retries", 2L)
        .containsEntry("budget_denied", 1L)
        .containsEntry("dropped", 0L)
        .containsEntry("agent_errors", 1L)
        .containsEntry("unmanaged_body", 1L);
    assertThat(object(summary.get("outcomes")))
        .containsExactly(
            Map.entry("success", 0L),
            Map.entry("retry_success", 0L),
            Map.entry("fallback_success", 1L),
            Map.entry("failed", 0L),
            Map.entry("short_circuited", 1L),
            Map.entry("passthrough", 2L));
    assertThat(object(summary.get("classes")))
        .containsExactly(
            Map.entry("PROVIDER_RATE_LIMIT", 1L), Map.entry("PROVIDER_UNAVAILABLE", 1L));
    assertThat(object(summary.get("latency_ms")))
        .containsExactly(
            Map.entry("p50", 2731.4),
            Map.entry("p90", 2731.4),
            Map.entry("p99", 2731.4),
            Map.entry("p999", 2731.4),
            Map.entry("max", 2731.4));
    Map<String, Object> model = object(object(summary.get("models")).get("openai/gpt-4o"));
    assertThat(model.keySet()).containsExactly("calls", "success", "latency_ms");
    assertThat(model).containsEntry("calls", 2L).containsEntry("success", 1L);
    assertThat(object(model.get("latency_ms")).get("max")).isEqualTo(2731.4);
  }

  @Test
  void resetsCountersBetweenSummaries() throws IOException {
    log.call(Calls.success("m", 100.0));
    log.call(Calls.success("m", 100.0));
    log.passthrough();
    log.summaryNow();
    log.call(Calls.success("m", 300.0));

    List<Map<String, Object>> summaries = ofType(closeAndRead(), "summary");

    assertThat(summaries).hasSize(2);
    assertThat(summaries.get(0)).containsEntry("calls", 2L);
    assertThat(object(summaries.get(0).get("outcomes"))).containsEntry("passthrough", 1L);
    assertThat(summaries.get(1)).containsEntry("calls", 1L).containsEntry("attempts", 1L);
    assertThat(object(summaries.get(1).get("outcomes"))).containsEntry("passthrough", 0L);
    assertThat(object(summaries.get(1).get("latency_ms"))).containsEntry("max", 300.0);
  }

  @Test
  void writesASummaryWhenTheIntervalHasPassed() throws IOException {
    clock.advance(Duration.ofSeconds(61));

    // Any line wakes the writer, which then sees that the interval is over.
    log.call(Calls.success("m", 100.0));
    List<Map<String, Object>> summaries = ofType(closeAndRead(), "summary");

    assertThat(summaries).hasSize(2);
    assertThat(summaries.get(0)).containsEntry("interval_s", 61L);
    assertThat(summaries.get(1)).containsEntry("interval_s", 0L);
    assertThat((Long) summaries.get(0).get("calls") + (Long) summaries.get(1).get("calls"))
        .isEqualTo(1L);
  }

  @Test
  void closeWritesAFinalSummaryStopsTheThreadAndIsIdempotent() throws Exception {
    log.call(Calls.success("m", 100.0));

    log.close();
    int written = out.size();
    log.close();
    log.call(Calls.success("m", 100.0));

    assertThat(log.writerStopped()).isTrue();
    assertThat(out.size()).isEqualTo(written);
    List<Map<String, Object>> records = JsonLines.parse(out.toByteArray());
    assertThat(records).extracting(r -> r.get("type")).containsExactly("call", "summary");
  }

  @Test
  void writesFreeTextEscapedAndAsValidUtf8OnOneLine() throws IOException {
    String hostile = "evil\"},\n{\"type\":\"start\u0000\u2028";

    log.call(Calls.success(hostile, 10.0));
    log.call(Calls.success("lone \ud800 surrogate", 10.0));
    List<Map<String, Object>> calls = ofType(closeAndRead(), "call");

    assertThat(calls).hasSize(2);
    assertThat(calls.get(0)).containsEntry("model_requested", hostile);
    assertThat(calls.get(1)).containsEntry("model_requested", "lone \uFFFD surrogate");
  }

  private List<Map<String, Object>> closeAndRead() throws IOException {
    log.close();
    return JsonLines.parse(out.toByteArray());
  }
}
