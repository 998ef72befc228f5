package dev.rebound.agent.config;

import static dev.rebound.agent.config.TestSources.sources;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SharedRedisConfigTest {

  @Test
  void emptyMeansOffAndNamespaceDefaultsToRebound() {
    ConfigResult result = sources().parse();

    assertThat(result.config().sharedRedis().isOff()).isTrue();
    assertThat(result.config().sharedNamespace()).isEqualTo("rebound");
    assertThat(result.effective())
        .containsEntry("rebound.shared.redis", "")
        .containsEntry("rebound.shared.namespace", "rebound");
  }

  @Test
  void fullUriIsParsedAndItsPasswordMaskedInTheEffectiveConfig() {
    ConfigResult result =
        sources()
            .sysprop("rebound.shared.redis", "rediss://app:s3cr3t@cache.internal:6380/2")
            .parse();

    RedisUri uri = result.config().sharedRedis();
    assertThat(uri).isEqualTo(new RedisUri(true, "app", "s3cr3t", "cache.internal", 6380, 2));
    assertThat(result.effective().get("rebound.shared.redis"))
        .isEqualTo("rediss://app:***@cache.internal:6380/2");
    assertThat(uri.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void defaultsArePort6379AndDb0AndALonePasswordIsAPassword() {
    assertThat(RedisUri.parse("redis://localhost"))
        .isEqualTo(new RedisUri(false, null, null, "localhost", 6379, 0));
    assertThat(RedisUri.parse("redis://:pw@10.0.0.1"))
        .isEqualTo(new RedisUri(false, null, "pw", "10.0.0.1", 6379, 0));
    assertThat(RedisUri.parse("redis://pw@h:1/"))
        .isEqualTo(new RedisUri(false, null, "pw", "h", 1, 0));
    assertThat(RedisUri.parse("redis://:pw@10.0.0.1").toString())
        .isEqualTo("redis://:***@10.0.0.1:6379/0");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://user:hunter2@host",
        "redis://user:hunter2@",
        "redis://user:hunter2@host:99999",
        "redis://user:hunter2@host/db1",
        "redis//user:hunter2@host"
      })
  void badValueDisablesWithoutShowingThePassword(String value) {
    ConfigResult result = sources().sysprop("rebound.shared.redis", value).parse();

    assertThat(result.disabled()).isTrue();
    assertThat(result.lines()).hasSize(1);
    assertThat(result.lines().get(0))
        .startsWith("rebound: disabled: rebound.shared.redis=")
        .contains("***@")
        .doesNotContain("hunter2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "a/b"})
  void badNamespaceDisables(String value) {
    ConfigResult result = sources().sysprop("rebound.shared.namespace", value).parse();

    assertThat(result.disabled()).isTrue();
  }
}
