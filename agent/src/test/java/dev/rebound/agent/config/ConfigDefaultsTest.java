package dev.rebound.agent.config;

import static dev.rebound.agent.config.TestSources.sources;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigDefaultsTest {

  @Test
  void defaultsEqualSpec() {
    ConfigResult result = sources().parse();

    ReboundConfig c = result.config();
    assertThat(result.lines()).isEmpty();
    assertThat(result.disabled()).isFalse();
    assertThat(c.enabled()).isTrue();
    assertThat(c.clients())
        .containsExactlyInAnyOrder(
            "okhttp", "jdk", "apache4", "apache5", "apache5-async", "reactor-netty", "vertx");
    assertThat(c.maxAttempts()).isEqualTo(3);
    assertThat(c.baseDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.maxDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.maxWait()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.deadline()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.retryBudget()).isEqualTo(0.2);
    assertThat(c.retryBudgetMinPerSecond()).isEqualTo(3);
    assertThat(c.fallbackModels()).isEmpty();
    assertThat(c.fallbackFor()).isEmpty();
    assertThat(c.contextModels()).isEmpty();
    assertThat(c.contentModels()).isEmpty();
    assertThat(c.avoidFailingProvider()).isTrue();
    assertThat(c.breakerFailureThreshold()).isEqualTo(5);
    assertThat(c.breakerOpenDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.breakerWait()).isTrue();
    assertThat(c.maxConcurrency()).isZero();
    assertThat(c.queueTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.maxRequestBody()).isEqualTo(8L * 1024 * 1024);
    assertThat(c.sdkRetries()).isEqualTo(ReboundConfig.SdkRetries.SUPPRESS);
    assertThat(c.metricsFile()).isEqualTo("rebound-metrics.jsonl");
    assertThat(c.metricsInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.log()).isEqualTo(LogLevel.INFO);
  }

  @Test
  void everyDefaultParses() {
    for (ConfigKey key : ConfigKey.values()) {
      assertThat(key.parse(key.defaultValue())).as(key.key()).isNotNull();
    }
  }

  @Test
  void builtInHostsAreManagedByDefaultOnAnyPort() {
    ReboundConfig c = sources().config();

    assertThat(c.hosts().matches("api.openai.com", 443)).isTrue();
    assertThat(c.hosts().matches("openrouter.ai", 8443)).isTrue();
    assertThat(c.hosts().matches("myres.openai.azure.com", 443)).isTrue();
    assertThat(c.hosts().matches("example.com", 443)).isFalse();
  }

  @Test
  void extraHostsAddToTheBuiltInList() {
    ReboundConfig c = sources().sysprop("rebound.hosts", "127.0.0.1:8080, llm.internal").config();

    assertThat(c.hosts().matches("127.0.0.1", 8080)).isTrue();
    assertThat(c.hosts().matches("127.0.0.1", 8081)).isFalse();
    assertThat(c.hosts().matches("llm.internal", 80)).isTrue();
    assertThat(c.hosts().matches("api.openai.com", 443)).isTrue();
  }

  @Test
  void hostsReplaceDropsTheBuiltInList() {
    ReboundConfig c =
        sources()
            .sysprop("rebound.hosts", "llm.internal")
            .sysprop("rebound.hosts.replace", "true")
            .config();

    assertThat(c.hosts().matches("llm.internal", 443)).isTrue();
    assertThat(c.hosts().matches("api.openai.com", 443)).isFalse();
  }

  @Test
  void effectiveConfigurationListsEveryKeyInTableOrder() {
    Map<String, String> effective = sources().parse().effective();

    List<String> expectedKeys =
        Arrays.stream(ConfigKey.values())
            .filter(k -> k != ConfigKey.FALLBACK_FOR)
            .map(ConfigKey::key)
            .toList();
    assertThat(effective.keySet()).containsExactlyElementsOf(expectedKeys);
    assertThat(effective)
        .containsEntry("rebound.enabled", "true")
        .containsEntry("rebound.config.file", "")
        .containsEntry("rebound.hosts", String.join(",", HostMatcher.BUILT_IN))
        .containsEntry(
            "rebound.clients", "okhttp,jdk,apache4,apache5,apache5-async,reactor-netty,vertx")
        .containsEntry("rebound.retry.base-delay", "500ms")
        .containsEntry("rebound.deadline", "120s")
        .containsEntry("rebound.retry.budget", "0.2")
        .containsEntry("rebound.max-request-body", "8MiB")
        .containsEntry("rebound.sdk-retries", "suppress")
        .containsEntry("rebound.log", "info");
  }

  @Test
  void effectiveConfigurationShowsEachFallbackForModelInPlaceOfTheTemplate() {
    Map<String, String> effective =
        sources()
            .sysprop("rebound.fallback.for.openai/gpt-4o", "anthropic/claude-sonnet-4.5, x/y")
            .sysprop("rebound.clients", "JDK,okhttp")
            .parse()
            .effective();

    List<String> keys = List.copyOf(effective.keySet());
    assertThat(keys.indexOf("rebound.fallback.for.openai/gpt-4o"))
        .isEqualTo(keys.indexOf("rebound.fallback.models") + 1);
    assertThat(effective)
        .containsEntry("rebound.fallback.for.openai/gpt-4o", "anthropic/claude-sonnet-4.5,x/y")
        .containsEntry("rebound.clients", "okhttp,jdk")
        .doesNotContainKey("rebound.fallback.for.<model>");
  }

  @Test
  void clientsAreCaseInsensitiveAndMayBeEmpty() {
    assertThat(sources().sysprop("rebound.clients", "OkHttp, apache5-async").config().clients())
        .isEqualTo(Set.of("okhttp", "apache5-async"));
    assertThat(sources().sysprop("rebound.clients", "").config().clients()).isEmpty();
  }
}
