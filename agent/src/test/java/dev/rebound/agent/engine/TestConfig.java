package dev.rebound.agent.engine;

import dev.rebound.agent.config.HostMatcher;
import dev.rebound.agent.config.LogLevel;
import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.config.ReboundConfig.SdkRetries;
import dev.rebound.agent.config.RedisUri;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** SPEC §1 defaults, with the few fields engine tests change. Not thread-safe. */
final class TestConfig {
  int maxAttempts = 3;
  Duration baseDelay = Duration.ofMillis(500);
  Duration maxDelay = Duration.ofSeconds(30);
  Duration maxWait = Duration.ofSeconds(60);
  Duration deadline = Duration.ofSeconds(120);
  List<String> fallbackModels = List.of();
  Map<String, List<String>> fallbackFor = new HashMap<>();
  List<String> contextModels = List.of();
  List<String> contentModels = List.of();
  boolean avoidFailingProvider = true;
  SdkRetries sdkRetries = SdkRetries.SUPPRESS;
  int breakerFailureThreshold = 5;
  Duration breakerOpenDuration = Duration.ofSeconds(30);
  boolean breakerWait = true;
  double retryBudget = 0.2;
  int retryBudgetMinPerSecond = 3;
  int maxConcurrency = 0;
  Duration queueTimeout = Duration.ofSeconds(30);
  RedisUri sharedRedis = RedisUri.OFF;

  ReboundConfig build() {
    return new ReboundConfig(
        true,
        HostMatcher.of(HostMatcher.BUILT_IN),
        Set.of("okhttp", "jdk", "apache4", "apache5", "apache5-async"),
        maxAttempts,
        baseDelay,
        maxDelay,
        maxWait,
        deadline,
        retryBudget,
        retryBudgetMinPerSecond,
        fallbackModels,
        fallbackFor,
        contextModels,
        contentModels,
        avoidFailingProvider,
        breakerFailureThreshold,
        breakerOpenDuration,
        breakerWait,
        maxConcurrency,
        queueTimeout,
        8L * 1024 * 1024,
        sdkRetries,
        "off",
        Duration.ofSeconds(60),
        LogLevel.INFO,
        sharedRedis,
        "rebound",
        false,
        ReboundConfig.Detection.OFF,
        ReboundConfig.Detection.OFF);
  }
}
