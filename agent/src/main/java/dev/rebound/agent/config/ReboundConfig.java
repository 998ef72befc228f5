package dev.rebound.agent.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed configuration (SPEC §1), one field per key. Built by {@link ConfigParser}, which also
 * fills in every default; one component per key of {@code ConfigKey}. Thread-safe (immutable,
 * collections copied).
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
    boolean breakerWait,
    int maxConcurrency,
    Duration queueTimeout,
    long maxRequestBody,
    SdkRetries sdkRetries,
    String metricsFile,
    Duration metricsInterval,
    LogLevel log,
    RedisUri sharedRedis,
    String sharedNamespace,
    boolean jfr,
    Detection otel,
    Detection micrometer) {

  /** The client instrumentations that {@code rebound.clients} can name, in canonical order. */
  public static final List<String> ALL_CLIENTS =
      List.of("okhttp", "jdk", "apache4", "apache5", "apache5-async", "reactor-netty", "vertx");

  /** {@code rebound.metrics.file} value that writes the metrics log to stderr. */
  public static final String METRICS_STDERR = "stderr";

  /** {@code rebound.metrics.file} value that writes no metrics log. */
  public static final String METRICS_OFF = "off";

  /** {@code rebound.sdk-retries}. */
  public enum SdkRetries {
    SUPPRESS,
    ALLOW
  }

  /** {@code rebound.otel}, {@code rebound.micrometer}: use the library if the app has it. */
  public enum Detection {
    AUTO,
    OFF
  }

  public ReboundConfig {
    clients = Set.copyOf(clients);
    fallbackModels = List.copyOf(fallbackModels);
    fallbackFor = copyChains(fallbackFor);
    contextModels = List.copyOf(contextModels);
    contentModels = List.copyOf(contentModels);
  }

  private static Map<String, List<String>> copyChains(Map<String, List<String>> chains) {
    Map<String, List<String>> copy = new HashMap<>();
    for (Map.Entry<String, List<String>> chain : chains.entrySet()) {
      copy.put(chain.getKey(), List.copyOf(chain.getValue()));
    }
    return Map.copyOf(copy);
  }

  /** The regular fallback chain for a requested model: its own entry wins over the global one. */
  public List<String> fallbackChainFor(String model) {
    List<String> own = model == null ? null : fallbackFor.get(model);
    return own != null ? own : fallbackModels;
  }
}
