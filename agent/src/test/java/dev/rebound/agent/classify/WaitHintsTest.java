package dev.rebound.agent.classify;

import static dev.rebound.agent.classify.Bodies.NOW;
import static dev.rebound.agent.classify.Bodies.inline;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §3 wait hints: every source, the largest wins, garbage is ignored. */
class WaitHintsTest {

  @Test
  void readsRetryAfterMs() {
    assertThat(fromHeaders("retry-after-ms", "1500")).isEqualTo(1500);
  }

  @Test
  void roundsFractionalMillisecondsUp() {
    assertThat(fromHeaders("retry-after-ms", "6532.1")).isEqualTo(6533);
  }

  @Test
  void readsRetryAfterSeconds() {
    assertThat(fromHeaders("retry-after", "20")).isEqualTo(20_000);
  }

  @Test
  void readsFractionalRetryAfterSeconds() {
    assertThat(fromHeaders("Retry-After", "1.5")).isEqualTo(1_500);
  }

  @Test
  void readsRetryAfterHttpDate() {
    assertThat(fromHeaders("retry-after", "Wed, 08 Jul 2026 14:09:00 GMT")).isEqualTo(60_000);
  }

  @Test
  void ignoresRetryAfterHttpDateInThePast() {
    assertThat(fromHeaders("retry-after", "Wed, 08 Jul 2026 14:07:59 GMT"))
        .isEqualTo(Verdict.NO_HINT);
  }

  @Test
  void readsXMsRetryAfterMs() {
    assertThat(fromHeaders("x-ms-retry-after-ms", "7000")).isEqualTo(7_000);
  }

  @Test
  void readsOpenRouterResetAsEpochMillis() {
    assertThat(fromHeaders("X-RateLimit-Reset", "1783519740000")).isEqualTo(60_000);
  }

  @Test
  void ignoresEpochMillisResetInThePast() {
    assertThat(fromHeaders("X-RateLimit-Reset", "1783519679999")).isEqualTo(Verdict.NO_HINT);
  }

  @Test
  void readsResetOfEpochSecondsMagnitudeAsSeconds() {
    assertThat(fromHeaders("x-ratelimit-reset", "1783519690")).isEqualTo(10_000);
  }

  @Test
  void readsOpenAiResetOnlyWhenRemainingIsZero() {
    HeaderLookup exhausted =
        inline("x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "6m0s");
    HeaderLookup notExhausted =
        inline("x-ratelimit-remaining-tokens", "12", "x-ratelimit-reset-tokens", "6m0s");

    assertThat(WaitHints.fromHeaders(exhausted, NOW)).isEqualTo(360_000);
    assertThat(WaitHints.fromHeaders(notExhausted, NOW)).isEqualTo(Verdict.NO_HINT);
  }

  @ParameterizedTest
  @CsvSource({
    "1s,1000",
    "6m0s,360000",
    "644ms,644",
    "1h2m3.5s,3723500",
    "7.66s,7660",
    "2m59.56s,179560",
    "0s,0"
  })
  void readsGoDurations(String duration, long millis) {
    assertThat(HintValues.goDuration(duration)).isEqualTo(millis);
  }

  @Test
  void readsAnthropicResetOnlyWhenRemainingIsZero() {
    HeaderLookup headers =
        inline(
            "anthropic-ratelimit-output-tokens-remaining", "0",
            "anthropic-ratelimit-output-tokens-reset", "2026-07-08T14:08:30Z",
            "anthropic-ratelimit-requests-remaining", "3",
            "anthropic-ratelimit-requests-reset", "2026-07-08T14:10:00Z");

    assertThat(WaitHints.fromHeaders(headers, NOW)).isEqualTo(30_000);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Please try again in 644ms. Visit|644",
        "Please try again in 20s.|20000",
        "Please try again in 1m30s.|90000",
        "Please try again in 1.984999999s. Need|1985",
        "Please retry after 37 seconds. Please go here|37000",
        "Rate limit is exceeded. Try again in 2 seconds.|2000",
        "try again later|-1",
        "Please retry after a brief wait.|-1"
      })
  void readsTheMessageHint(String message, long millis) {
    assertThat(HintValues.fromMessage(message.toLowerCase(java.util.Locale.ROOT)))
        .isEqualTo(millis);
  }

  @Test
  void readsGeminiRetryDelay() {
    assertThat(fromBody("{\"error\":{\"details\":[{\"retryDelay\":\"0.5s\"}]}}")).isEqualTo(500);
  }

  @Test
  void readsAvailabilityRetryAfterSeconds() {
    assertThat(fromBody("{\"error\":{\"availability\":{\"retry_after\":3}}}")).isEqualTo(3_000);
  }

  @Test
  void readsResetInsideMetadataHeaders() {
    String body =
        "{\"error\":{\"metadata\":{\"headers\":{\"x-ratelimit-reset\":\"1783519685000\"}}}}";

    assertThat(fromBody(body)).isEqualTo(5_000);
  }

  @Test
  void letsTheLargestHintWin() {
    HeaderLookup headers =
        inline("retry-after", "2", "retry-after-ms", "2500", "x-ms-retry-after-ms", "900");
    ErrorBody body = read("{\"error\":{\"message\":\"Please try again in 4s.\"}}");

    assertThat(WaitHints.longest(headers, body, NOW)).isEqualTo(4_000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "soon",
        "-5",
        "NaN",
        "Infinity",
        "1.5d",
        "0x10",
        "1e3",
        " ",
        "",
        "12abc",
        "99999999999999999999999"
      })
  void ignoresGarbageRetryAfter(String value) {
    assertThat(fromHeaders("retry-after", value)).isEqualTo(Verdict.NO_HINT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"forever", "-1s", "1d", "ms", "1.s", "5 minutes"})
  void ignoresGarbageGoDurations(String value) {
    assertThat(HintValues.goDuration(value)).isEqualTo(Verdict.NO_HINT);
  }

  @Test
  void capsAnAbsurdlyDistantHint() {
    assertThat(fromHeaders("retry-after", "999999999999999")).isEqualTo(HintValues.MAX_HINT_MILLIS);
  }

  @Test
  void reportsNoHintWhenNothingAsks() {
    assertThat(WaitHints.longest(HeaderLookup.NONE, ErrorBody.NONE, NOW))
        .isEqualTo(Verdict.NO_HINT);
  }

  private static long fromHeaders(String name, String value) {
    return WaitHints.fromHeaders(inline(name, value), NOW);
  }

  private static long fromBody(String json) {
    return WaitHints.fromBody(read(json), NOW);
  }

  private static ErrorBody read(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return ErrorBodyReader.read(bytes, bytes.length);
  }
}
