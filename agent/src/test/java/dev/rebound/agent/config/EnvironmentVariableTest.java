package dev.rebound.agent.config;

import static dev.rebound.agent.config.TestSources.sources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentVariableTest {

  @ParameterizedTest
  @CsvSource({
    "REBOUND_RETRY_MAX_ATTEMPTS, rebound.retry.max-attempts",
    "REBOUND_RETRY_BUDGET_MIN_PER_SECOND, rebound.retry.budget.min-per-second",
    "REBOUND_OPENROUTER_AVOID_FAILING_PROVIDER, rebound.openrouter.avoid-failing-provider",
    "REBOUND_HOSTS_REPLACE, rebound.hosts.replace",
    "REBOUND_CONFIG_FILE, rebound.config.file",
    "REBOUND_FALLBACK_CONTEXT_MODELS, rebound.fallback.context-models",
    "REBOUND_ENABLED, rebound.enabled"
  })
  void mapsEnvironmentNameToKey(String envName, String key) {
    assertThat(ConfigKey.forEnvName(envName)).isEqualTo(ConfigKey.forName(key));
    assertThat(ConfigKey.forName(key).envName()).isEqualTo(envName);
  }

  @Test
  void everyKeyButFallbackForHasItsOwnEnvironmentName() {
    long distinct =
        Arrays.stream(ConfigKey.values())
            .map(ConfigKey::envName)
            .filter(Objects::nonNull)
            .distinct()
            .count();

    assertThat(distinct).isEqualTo(ConfigKey.values().length - 1);
    assertThat(ConfigKey.FALLBACK_FOR.envName()).isNull();
  }

  @Test
  void readsValuesFromTheEnvironment() {
    ReboundConfig c =
        sources()
            .env("REBOUND_RETRY_MAX_ATTEMPTS", "7")
            .env("REBOUND_FALLBACK_MODELS", "a/b,c/d")
            .config();

    assertThat(c.maxAttempts()).isEqualTo(7);
    assertThat(c.fallbackModels()).containsExactly("a/b", "c/d");
  }

  @Test
  void unknownEnvironmentVariableWarnsByItsNameAndStillRuns() {
    ConfigResult result = sources().env("REBOUND_RETRY_MAX_ATTEMPT", "7").parse();

    assertThat(result.lines())
        .containsExactly("rebound: unknown key REBOUND_RETRY_MAX_ATTEMPT (ignored)");
    assertThat(result.config().maxAttempts()).isEqualTo(3);
  }

  @Test
  void fallbackForCannotComeFromTheEnvironment() {
    ConfigResult result = sources().env("REBOUND_FALLBACK_FOR_GPT_4O", "x/y").parse();

    assertThat(result.lines())
        .containsExactly("rebound: unknown key REBOUND_FALLBACK_FOR_GPT_4O (ignored)");
    assertThat(result.config().fallbackFor()).isEmpty();
  }

  @Test
  void badValueFromTheEnvironmentNamesTheVariable() {
    ConfigResult result = sources().env("REBOUND_DEADLINE", "0s").parse();

    assertThat(result.disabled()).isTrue();
    assertThat(result.lines())
        .containsExactly(
            "rebound: disabled: REBOUND_DEADLINE=0s: expected a duration above 0 like 250ms, 30s,"
                + " 2m");
  }

  @Test
  void ignoresVariablesAndPropertiesOutsideRebound() {
    ConfigResult result =
        sources()
            .env("PATH", "/usr/bin")
            .env("REBOUNDER", "x")
            .sysprop("java.version", "17")
            .sysprop("reboundx.y", "z")
            .parse();

    assertThat(result.lines()).isEmpty();
  }
}
