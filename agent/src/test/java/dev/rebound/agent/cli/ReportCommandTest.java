package dev.rebound.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.metrics.MetricsLog;
import dev.rebound.agent.time.Clock;
import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;
import dev.rebound.api.Classification;
import dev.rebound.api.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report} on logs written by the real metrics log, and on the files it must survive. */
class ReportCommandTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int report(String... args) {
    return Cli.run(
        ("report " + String.join(" ", args)).trim().split(" "),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  static CallRecord call(String model, Outcome outcome, double ms, Classification... failures) {
    List<AttemptRecord> attempts = new java.util.ArrayList<>();
    for (Classification c : failures) {
      attempts.add(new AttemptRecord(model, 503, c, false, null, 10, 100));
    }
    if (outcome != Outcome.FAILED && outcome != Outcome.SHORT_CIRCUITED) {
      attempts.add(new AttemptRecord(model, 200, Classification.SUCCESS, false, null, ms, 0));
    }
    int status = outcome == Outcome.FAILED ? 503 : 200;
    return new CallRecord(
        Instant.parse("2026-11-25T10:00:01Z"),
        "okhttp",
        "openrouter.ai",
        "/api/v1/chat/completions",
        false,
        model,
        model,
        outcome,
        status,
        ms,
        0,
        attempts,
        null);
  }

  /** A log written by {@link MetricsLog} itself, as a running agent would. */
  Path realLog() throws Exception {
    Path log = dir.resolve("rebound-metrics.jsonl");
    MetricsLog metrics =
        MetricsLog.open(
            log.toString(), Duration.ofMinutes(1), Clock.SYSTEM, getClass().getClassLoader());
    metrics.start("0.1.0", "17.0.15", List.of("okhttp"), Map.of("rebound.retry.max-attempts", "3"));
    metrics.call(call("openai/gpt-4o", Outcome.SUCCESS, 100));
    metrics.call(
        call("openai/gpt-4o", Outcome.RETRY_SUCCESS, 300, Classification.PROVIDER_UNAVAILABLE));
    metrics.call(
        call(
            "openai/gpt-4o",
            Outcome.FAILED,
            900,
            Classification.GATEWAY_RATE_LIMIT,
            Classification.GATEWAY_RATE_LIMIT));
    metrics.call(call("anthropic/claude-sonnet-4.5", Outcome.SUCCESS, 200));
    metrics.breaker(
        "openrouter.ai", "openai/gpt-4o", "open", Instant.parse("2026-11-25T10:00:31Z"));
    metrics.passthrough();
    metrics.close();
    return log;
  }

  @Test
  void summarisesARealLog() throws Exception {
    int status = report(realLog().toString());

    assertThat(status).isZero();
    assertThat(out())
        .contains("calls       4 managed, 1 passed through")
        .contains("success 2")
        .contains("retry_success 1")
        .contains("failed 1")
        .contains("success     75.0%")
        .contains("GATEWAY_RATE_LIMIT 2, PROVIDER_UNAVAILABLE 1")
        .contains("breaker     open 1")
        .contains("Rebound 0.1.0")
        .containsPattern("openai/gpt-4o +3 +66.7%");
  }

  @Test
  void printsTheSameAsOneJsonObject() throws Exception {
    report(realLog().toString(), "--json");

    Object json = JsonTree.parse(out().trim());
    assertThat(json).isInstanceOf(Map.class);
    Map<?, ?> map = (Map<?, ?>) json;
    assertThat(map.get("calls")).isEqualTo(4.0);
    assertThat(map.get("success_rate")).isEqualTo(0.75);
    assertThat(((Map<?, ?>) map.get("classes")).get("GATEWAY_RATE_LIMIT")).isEqualTo(2.0);
    assertThat(((Map<?, ?>) map.get("models")).containsKey("anthropic/claude-sonnet-4.5")).isTrue();
  }

  @Test
  void skipsATruncatedLastLineWithANote() throws Exception {
    Path log = realLog();
    String text = Files.readString(log);
    Path cut = dir.resolve("cut.jsonl");
    Files.writeString(cut, text + "{\"type\":\"call\",\"ts\":\"2026-11-25T10:00:02Z\",\"outco");

    int status = report(cut.toString());

    assertThat(status).isZero();
    assertThat(out()).contains("calls       4 managed").contains("the last line was cut short");
  }

  @Test
  void anEmptyLogHasNoRecordsYet() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.jsonl"));

    assertThat(report(empty.toString())).isZero();
    assertThat(out()).contains("no records yet");
  }

  @Test
  void aFileThatIsNotARecordLogIsOneClearErrorAndStatusTwo() throws Exception {
    Path other = dir.resolve("notes.txt");
    Files.writeString(other, "hello\n{\"type\":\"something\"}\n");

    assertThat(report(other.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "rebound: "
                + other
                + " is not a Rebound metrics log (no start, call, summary or breaker record)");
  }

  @Test
  void unknownFieldsAndRecordTypesAreIgnored() throws Exception {
    Path log = dir.resolve("future.jsonl");
    Files.writeString(
        log,
        "{\"type\":\"start\",\"ts\":\"2026-11-25T10:00:00Z\",\"version\":\"9.0\",\"new\":{\"a\":1}}\n"
            + "{\"type\":\"hologram\",\"ts\":\"2026-11-25T10:00:00Z\"}\n"
            + "{\"type\":\"call\",\"ts\":\"2026-11-25T10:00:01Z\",\"outcome\":\"success\",\"total_ms\":5,\"x\":[1,2]}\n");

    assertThat(report(log.toString())).isZero();
    assertThat(out()).contains("calls       1 managed").contains("1 line(s) skipped");
  }

  @Test
  void aMissingFileIsAnError() {
    assertThat(report(dir.resolve("nope.jsonl").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("rebound: cannot read ");
  }
}
