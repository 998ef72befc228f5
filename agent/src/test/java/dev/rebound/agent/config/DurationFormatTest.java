package dev.rebound.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationFormatTest {

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource(
      quoteCharacter = '\'',
      value = {
        "250ms, 250",
        "30s, 30000",
        "2m, 120000",
        "1h, 3600000",
        "0ms, 0",
        "0s, 0",
        "007s, 7000",
        "' 30s ', 30000"
      })
  void parsesDurations(String text, long millis) {
    assertThat(DurationFormat.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "rejects [{0}]")
  @ValueSource(
      strings = {
        "",
        "30",
        "-1s",
        "+1s",
        "1.5s",
        "30 s",
        "30S",
        "1d",
        "s",
        "ms",
        "2m30s",
        "PT30S",
        "99999999999999999999h",
        "9223372036854775807h",
        "300000000h"
      })
  void rejectsEverythingElse(String text) {
    assertThat(DurationFormat.parse(text)).isNull();
  }

  @ParameterizedTest(name = "{0} ms is written {1}")
  @CsvSource({"500, 500ms", "30000, 30s", "120000, 120s", "1500, 1500ms", "0, 0s"})
  void writesWholeSecondsInSecondsElseMilliseconds(long millis, String text) {
    assertThat(DurationFormat.format(Duration.ofMillis(millis))).isEqualTo(text);
    assertThat(DurationFormat.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0ms", "0s", "0m"})
  void positiveDurationRejectsZero(String text) {
    assertThat(DurationFormat.parsePositive(text)).isNull();
  }
}
