package dev.rebound.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizeFormatTest {

  @ParameterizedTest(name = "{0} = {1} bytes")
  @CsvSource({
    "512KiB, 524288",
    "8MiB, 8388608",
    "1GiB, 1073741824",
    "1048576, 1048576",
    "0, 0",
    "1024MiB, 1073741824"
  })
  void parsesSizes(String text, long bytes) {
    assertThat(SizeFormat.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "rejects [{0}]")
  @ValueSource(
      strings = {
        "",
        "8MB",
        "8mib",
        "8 MiB",
        "1.5MiB",
        "-1",
        "KiB",
        "2GiB",
        "1073741825",
        "99999999999999999999",
        "9999999999999999GiB"
      })
  void rejectsEverythingElse(String text) {
    assertThat(SizeFormat.parse(text)).isNull();
  }

  @ParameterizedTest(name = "{0} bytes is written {1}")
  @CsvSource({"8388608, 8MiB", "524288, 512KiB", "1073741824, 1GiB", "1000, 1000", "0, 0"})
  void writesTheLargestExactUnit(long bytes, String text) {
    assertThat(SizeFormat.format(bytes)).isEqualTo(text);
    assertThat(SizeFormat.parse(text)).isEqualTo(bytes);
  }
}
