package dev.rebound.agent.config;

import static dev.rebound.agent.config.TestSources.sources;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BadValueTest {

  private static final String DURATION = "a duration like 250ms, 30s, 2m";
  private static final String POSITIVE = "a duration above 0 like 250ms, 30s, 2m";

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "rebound.enabled | yes | true or false",
        "rebound.hosts | https://api.example.com | a comma separated list of host, host:port or"
            + " *.suffix",
        "rebound.hosts | ok.example.com, example.com:99999 | a comma separated list of host,"
            + " host:port or *.suffix",
        "rebound.hosts.replace | 1 | true or false",
        "rebound.clients | okhttp,netty | a comma separated subset of"
            + " okhttp,jdk,apache4,apache5,apache5-async,reactor-netty,vertx",
        "rebound.retry.max-attempts | 0 | an integer >= 1",
        "rebound.retry.max-attempts | -1 | an integer >= 1",
        "rebound.retry.max-attempts | three | an integer >= 1",
        "rebound.retry.max-attempts | 1.5 | an integer >= 1",
        "rebound.retry.base-delay | -1s | " + DURATION,
        "rebound.retry.base-delay | 500 | " + DURATION,
        "rebound.retry.max-delay | 3x | " + DURATION,
        "rebound.retry.max-delay | 1.5s | " + DURATION,
        "rebound.retry.max-wait | 10 s | " + DURATION,
        "rebound.deadline | 0ms | " + POSITIVE,
        "rebound.retry.budget | -0.1 | a decimal number >= 0 like 0.2",
        "rebound.retry.budget | NaN | a decimal number >= 0 like 0.2",
        "rebound.retry.budget | 1e3 | a decimal number >= 0 like 0.2",
        "rebound.retry.budget.min-per-second | -1 | an integer >= 0",
        "rebound.openrouter.avoid-failing-provider | maybe | true or false",
        "rebound.breaker.failure-threshold | 0 | an integer >= 1",
        "rebound.breaker.open-duration | 0s | " + POSITIVE,
        "rebound.max-concurrency | -1 | an integer >= 0",
        "rebound.queue-timeout | forever | " + DURATION,
        "rebound.max-request-body | 8MB | a size like 512KiB, 8MiB or a byte count, at most 1GiB",
        "rebound.max-request-body | 2GiB | a size like 512KiB, 8MiB or a byte count, at most 1GiB",
        "rebound.max-request-body | -1 | a size like 512KiB, 8MiB or a byte count, at most 1GiB",
        "rebound.sdk-retries | never | suppress or allow",
        "rebound.metrics.file | '' | a file path, stderr or off",
        "rebound.metrics.interval | 0s | " + POSITIVE,
        "rebound.log | trace | off, info or debug"
      })
  void badValueDisablesWithOneLineNamingKeyValueAndForm(String key, String value, String form) {
    ConfigResult result = sources().sysprop(key, value).parse();

    assertThat(result.disabled()).isTrue();
    assertThat(result.config()).isNull();
    assertThat(result.effective()).isEmpty();
    assertThat(result.lines())
        .containsExactly("rebound: disabled: " + key + "=" + value + ": expected " + form);
  }

  @Test
  void styleGuideExampleLineIsExact() {
    ConfigResult result = sources().sysprop("rebound.retry.max-delay", "3x").parse();

    assertThat(result.lines())
        .containsExactly(
            "rebound: disabled: rebound.retry.max-delay=3x: expected a duration like 250ms, 30s,"
                + " 2m");
  }

  @Test
  void reportsEveryBadValueInOnePass() {
    ConfigResult result =
        sources()
            .sysprop("rebound.log", "loud")
            .sysprop("rebound.retry.max-attempts", "0")
            .env("REBOUND_DEADLINE", "-5s")
            .sysprop("rebound.nope", "1")
            .parse();

    assertThat(result.disabled()).isTrue();
    assertThat(result.lines())
        .containsExactly(
            "rebound: unknown key rebound.nope (ignored)",
            "rebound: disabled: rebound.retry.max-attempts=0: expected an integer >= 1",
            "rebound: disabled: REBOUND_DEADLINE=-5s: expected " + POSITIVE,
            "rebound: disabled: rebound.log=loud: expected off, info or debug");
  }

  @Test
  void baseDelayAboveMaxDelayIsABadBaseDelay() {
    ConfigResult result =
        sources()
            .sysprop("rebound.retry.base-delay", "10s")
            .sysprop("rebound.retry.max-delay", "5s")
            .parse();

    assertThat(result.disabled()).isTrue();
    assertThat(result.lines())
        .containsExactly(
            "rebound: disabled: rebound.retry.base-delay=10s: expected a duration not above"
                + " rebound.retry.max-delay");
  }

  @Test
  void defaultBaseDelayAboveAConfiguredMaxDelayIsReportedWithTheDefault() {
    ConfigResult result = sources().sysprop("rebound.retry.max-delay", "100ms").parse();

    assertThat(result.lines())
        .containsExactly(
            "rebound: disabled: rebound.retry.base-delay=500ms: expected a duration not above"
                + " rebound.retry.max-delay");
  }

  @Test
  void zeroBaseDelayAndBaseEqualToMaxAreAccepted() {
    assertThat(sources().sysprop("rebound.retry.base-delay", "0ms").config().baseDelay()).isZero();
    assertThat(
            sources()
                .sysprop("rebound.retry.base-delay", "2s")
                .sysprop("rebound.retry.max-delay", "2s")
                .parse()
                .disabled())
        .isFalse();
  }

  @Test
  void unreadableConfigFileDisables() {
    ConfigResult result = sources().sysprop("rebound.config.file", "/nope.properties").parse();

    assertThat(result.disabled()).isTrue();
    assertThat(result.lines())
        .containsExactly(
            "rebound: disabled: rebound.config.file=/nope.properties: expected a readable"
                + " properties file");
  }

  @Test
  void lineWithoutEqualsInConfigFileDisables() {
    ConfigResult result =
        sources()
            .env("REBOUND_CONFIG_FILE", "/r.properties")
            .file("/r.properties", "# ok\nrebound.log=debug\nrebound.deadline 30s\n")
            .parse();

    assertThat(result.disabled()).isTrue();
    assertThat(result.lines())
        .containsExactly(
            "rebound: disabled: REBOUND_CONFIG_FILE=/r.properties: expected key=value on line 3");
  }

  @Test
  void badValueInAFileNamesTheKey() {
    ConfigResult result =
        sources()
            .sysprop("rebound.config.file", "/r.properties")
            .file("/r.properties", "rebound.retry.budget = lots\n")
            .parse();

    assertThat(result.lines())
        .containsExactly(
            "rebound: disabled: rebound.retry.budget=lots: expected a decimal number >= 0 like"
                + " 0.2");
  }

  @Test
  void enabledFalseDisablesWithoutAnyLineEvenBesideProblems() {
    ConfigResult result =
        sources()
            .sysprop("rebound.enabled", "false")
            .sysprop("rebound.log", "loud")
            .sysprop("rebound.nope", "1")
            .parse();

    assertThat(result.disabled()).isTrue();
    assertThat(result.config()).isNull();
    assertThat(result.lines()).isEmpty();
  }

  @Test
  void enabledFalseInTheAgentArgumentFileDisables() {
    ConfigResult result =
        sources()
            .agentArgs("config=/r.properties")
            .file("/r.properties", "rebound.enabled=FALSE\n")
            .parse();

    assertThat(result.disabled()).isTrue();
    assertThat(result.lines()).isEmpty();
  }

  @Test
  void valuesAreTrimmedAndBooleansAndWordsIgnoreCase() {
    ReboundConfig c =
        sources()
            .sysprop("rebound.retry.max-attempts", " 4 ")
            .sysprop("rebound.openrouter.avoid-failing-provider", "FALSE")
            .sysprop("rebound.sdk-retries", "Allow")
            .sysprop("rebound.metrics.file", "STDERR")
            .config();

    assertThat(c.maxAttempts()).isEqualTo(4);
    assertThat(c.avoidFailingProvider()).isFalse();
    assertThat(c.sdkRetries()).isEqualTo(ReboundConfig.SdkRetries.ALLOW);
    assertThat(c.metricsFile()).isEqualTo(ReboundConfig.METRICS_STDERR);
  }
}
