package dev.rebound.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed configuration (SPEC §1), one field per key. Immutable; built only by {@code
 * ConfigParser}, which also fills in every default.
 */
public record ReboundConfig(
    boolean enabled,
    HostMatcher hosts,
    Set<String> clients,
    int maxAttempts,
    Duration baseDelay,
    Duration maxDelay,
    Duration maxWait,
    Duration deadline,
    double retryBudget,
    int retryBudgetMinPerSecond,
    List<String> fallbackModels,
    Map<String, List<String>> fallbackFor,
    List<String> contextModels,
    List<String> contentModels,
    boolean avoidFailingProvider,
    int breakerFailureThreshold,
    Duration breakerOpenDuration,
    int maxConcurrency,
    Duration queueTimeout,
    long maxRequestBody,
    SdkRetries sdkRetries,
    String metricsFile,
    Duration metricsInterval,
    LogLevel log) {

  /** {@code rebound.sdk-retries}. */
  public enum SdkRetries {
    SUPPRESS,
    ALLOW
  }

  /** {@code rebound.log}. */
  public enum LogLevel {
    OFF,
    INFO,
    DEBUG
  }

  public ReboundConfig {
    clients = Set.copyOf(clients);
    fallbackModels = List.copyOf(fallbackModels);
    fallbackFor = Map.copyOf(fallbackFor);
    contextModels = List.copyOf(contextModels);
    contentModels = List.copyOf(contentModels);
  }

  /** The regular fallback chain for a requested model: its own entry wins over the global one. */
  public List<String> fallbackChainFor(String model) {
    List<String> own = model == null ? null : fallbackFor.get(model);
    return own != null ? own : fallbackModels;
  }
}
