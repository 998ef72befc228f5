package dev.rebound.agent.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The single registry of configuration keys (SPEC §1): each key's name, default, form, parser and
 * one-line doc. The README table is this enum written out, and {@code ConfigKeyDocumentationTest}
 * holds it to the README and SPEC tables in both directions. Thread-safe (immutable).
 */
enum ConfigKey {
  ENABLED("rebound.enabled", "true", ValueTypes.BOOLEAN, "master switch; `false` installs nothing"),
  CONFIG_FILE(
      "rebound.config.file",
      "",
      "none",
      ValueTypes.FILE,
      "a properties file of `key=value` lines, below system properties and environment variables;"
          + " itself read only from a system property or `REBOUND_CONFIG_FILE`"),
  HOSTS(
      "rebound.hosts",
      "",
      "the known LLM API hosts (section 2)",
      ValueTypes.HOSTS,
      "extra hosts whose calls are managed, `host`, `host:port` or `*.suffix`;"
          + " `127.0.0.1:8080` works for local gateways"),
  HOSTS_REPLACE(
      "rebound.hosts.replace",
      "false",
      ValueTypes.BOOLEAN,
      "`true`: `rebound.hosts` replaces the built-in list instead of adding to it"),
  CLIENTS(
      "rebound.clients",
      String.join(",", ReboundConfig.ALL_CLIENTS),
      ValueTypes.CLIENTS,
      "which client instrumentations are installed"),
  RETRY_MAX_ATTEMPTS(
      "rebound.retry.max-attempts",
      "3",
      ValueTypes.AT_LEAST_ONE,
      "attempts per model, the first included (`1` = no retry of the same model)"),
  RETRY_BASE_DELAY(
      "rebound.retry.base-delay",
      "500ms",
      ValueTypes.DURATION,
      "backoff base: attempt n waits a random time in [0, min(max-delay, base·2^(n-1))]"
          + " (\"full jitter\"); not above `rebound.retry.max-delay`"),
  RETRY_MAX_DELAY("rebound.retry.max-delay", "30s", ValueTypes.DURATION, "backoff cap"),
  RETRY_MAX_WAIT(
      "rebound.retry.max-wait",
      "60s",
      ValueTypes.DURATION,
      "the longest server-requested wait that is honored; a longer hint means: do not wait,"
          + " fall back now or give up"),
  DEADLINE(
      "rebound.deadline",
      "120s",
      ValueTypes.POSITIVE_DURATION,
      "total time for one call, all attempts and waits included; no wait starts that would end"
          + " past it"),
  RETRY_BUDGET(
      "rebound.retry.budget",
      "0.2",
      ValueTypes.FRACTION,
      "retries may add at most this fraction of first attempts, per host, over a 10 s window …"),
  RETRY_BUDGET_MIN_PER_SECOND(
      "rebound.retry.budget.min-per-second",
      "3",
      ValueTypes.AT_LEAST_ZERO,
      "… plus this many retries per second, so that a quiet app can still retry"),
  FALLBACK_MODELS(
      "rebound.fallback.models",
      "",
      ValueTypes.MODELS,
      "fallback chain for every model, tried in order after the requested one"),
  FALLBACK_FOR(
      "rebound.fallback.for.<model>",
      "",
      ValueTypes.MODELS,
      "fallback chain for one requested model; wins over `rebound.fallback.models`, an empty"
          + " value means no fallback for it (e.g."
          + " `-Drebound.fallback.for.openai/gpt-4o=anthropic/claude-sonnet-4.5`)"),
  FALLBACK_CONTEXT_MODELS(
      "rebound.fallback.context-models",
      "",
      ValueTypes.MODELS,
      "models tried, in order, when the request is too long for the model (larger context"
          + " windows)"),
  FALLBACK_CONTENT_MODELS(
      "rebound.fallback.content-models",
      "",
      ValueTypes.MODELS,
      "models tried when a model refuses or filters the content"),
  OPENROUTER_AVOID_FAILING_PROVIDER(
      "rebound.openrouter.avoid-failing-provider",
      "true",
      ValueTypes.BOOLEAN,
      "on an OpenRouter provider error that names the provider, retry once with that provider"
          + " added to `provider.ignore` before counting the attempt against the model"),
  BREAKER_FAILURE_THRESHOLD(
      "rebound.breaker.failure-threshold",
      "5",
      ValueTypes.AT_LEAST_ONE,
      "consecutive retryable failures of one (host, model) that open its circuit"),
  BREAKER_OPEN_DURATION(
      "rebound.breaker.open-duration",
      "30s",
      ValueTypes.POSITIVE_DURATION,
      "how long an open circuit rejects calls before one probe is let through; never shorter"
          + " than the last retry-after hint"),
  BREAKER_WAIT(
      "rebound.breaker.wait",
      "true",
      ValueTypes.BOOLEAN,
      "when every model of a call's chain is open, the call waits for the next probe (within its"
          + " deadline and `retry.max-wait`) instead of failing at once"),
  MAX_CONCURRENCY(
      "rebound.max-concurrency",
      "0",
      "`0` (off)",
      ValueTypes.AT_LEAST_ZERO,
      "calls in flight per host; more wait in arrival order"),
  QUEUE_TIMEOUT(
      "rebound.queue-timeout",
      "30s",
      ValueTypes.DURATION,
      "the longest wait for a place under `max-concurrency`; counts against the deadline"),
  MAX_REQUEST_BODY(
      "rebound.max-request-body",
      "8MiB",
      ValueTypes.SIZE,
      "the largest one-shot request body that is buffered so the call can be managed;"
          + " sizes are written `512KiB`, `8MiB`, `1GiB` or a byte count, at most `1GiB`"),
  SDK_RETRIES(
      "rebound.sdk-retries",
      "suppress",
      ValueTypes.SDK_RETRIES,
      "`suppress`: a final failure that Rebound has already retried carries"
          + " `x-should-retry: false`, so OpenAI/Anthropic SDKs do not repeat Rebound's whole loop;"
          + " `allow`: leave SDK retries alone"),
  METRICS_FILE(
      "rebound.metrics.file",
      "rebound-metrics.jsonl",
      ValueTypes.METRICS_FILE,
      "the metrics log; `stderr` or `off` also accepted"),
  METRICS_INTERVAL(
      "rebound.metrics.interval",
      "60s",
      ValueTypes.POSITIVE_DURATION,
      "how often a summary record is written; one is always written at shutdown"),
  LOG(
      "rebound.log",
      "info",
      ValueTypes.LOG,
      "the agent's own diagnostics on stderr: `off`, `info`, `debug`"),
  SHARED_REDIS(
      "rebound.shared.redis",
      "",
      "empty (off)",
      ValueTypes.REDIS,
      "a Redis server that JVMs share their limits through (section 8):"
          + " `redis://[user:password@]host[:port][/db]`, `rediss://` for TLS"),
  SHARED_NAMESPACE(
      "rebound.shared.namespace",
      "rebound",
      ValueTypes.NAMESPACE,
      "the prefix of every Redis key and channel, so that several fleets can share one Redis"),
  JFR(
      "rebound.jfr",
      "true",
      ValueTypes.BOOLEAN,
      "JDK Flight Recorder events `rebound.Call`, `rebound.Attempt`, `rebound.Breaker`; they cost"
          + " nothing while no recording runs"),
  OTEL(
      "rebound.otel",
      "auto",
      ValueTypes.DETECTION,
      "`auto`: when the application has the OpenTelemetry API (its own or the OpenTelemetry Java"
          + " agent's), Rebound's meters are recorded through `GlobalOpenTelemetry`; `off`"),
  MICROMETER(
      "rebound.micrometer",
      "auto",
      ValueTypes.DETECTION,
      "`auto`: when the application has Micrometer, Rebound's meters are registered in"
          + " `Metrics.globalRegistry` (Spring Boot adds its registries there); `off`");

  /** Every key of {@link #FALLBACK_FOR} starts with this; the rest is the model, verbatim. */
  static final String FALLBACK_FOR_PREFIX = "rebound.fallback.for.";

  private static final Map<String, ConfigKey> BY_NAME = new HashMap<>();
  private static final Map<String, ConfigKey> BY_ENV_NAME = new HashMap<>();

  static {
    for (ConfigKey k : values()) {
      if (k != FALLBACK_FOR) {
        BY_NAME.put(k.key, k);
        BY_ENV_NAME.put(k.envName(), k);
      }
    }
  }

  private final String key;
  private final String defaultValue;
  private final String defaultDoc;
  private final ValueType type;
  private final String doc;

  ConfigKey(String key, String defaultValue, ValueType type, String doc) {
    // The documented default is the raw default in code font, or "empty" (as SPEC §1 writes it).
    this(key, defaultValue, defaultValue.isEmpty() ? "empty" : "`" + defaultValue + "`", type, doc);
  }

  ConfigKey(String key, String defaultValue, String defaultDoc, ValueType type, String doc) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.defaultDoc = defaultDoc;
    this.type = type;
    this.doc = doc;
  }

  /** The key, e.g. {@code rebound.retry.max-attempts}; {@code rebound.fallback.for.<model>}. */
  String key() {
    return key;
  }

  /** The default as text, parsed like any configured value. */
  String defaultValue() {
    return defaultValue;
  }

  /** The default as the README and SPEC §1 tables write it (markdown). */
  String defaultDoc() {
    return defaultDoc;
  }

  /** The expected form, as in {@code expected <form>}. */
  String form() {
    return type.form();
  }

  /** One line of markdown on what the key does. */
  String doc() {
    return doc;
  }

  /** The typed value of {@code raw}, or null when {@code raw} is not of this key's form. */
  Object parse(String raw) {
    return type.parse(raw);
  }

  /**
   * The environment variable for this key: upper case, {@code .} and {@code -} become {@code _}.
   * Null for {@link #FALLBACK_FOR}: model names hold {@code /} and {@code :}, which an environment
   * variable name cannot carry back (SPEC §1).
   */
  String envName() {
    if (this == FALLBACK_FOR) {
      return null;
    }
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The key named {@code name} (exactly, or a {@code rebound.fallback.for.<model>}), else null. */
  static ConfigKey forName(String name) {
    ConfigKey k = BY_NAME.get(name);
    if (k != null) {
      return k;
    }
    boolean hasModel = name.length() > FALLBACK_FOR_PREFIX.length();
    return hasModel && name.startsWith(FALLBACK_FOR_PREFIX) ? FALLBACK_FOR : null;
  }

  /** The key whose environment variable is {@code envName}, else null. */
  static ConfigKey forEnvName(String envName) {
    return BY_ENV_NAME.get(envName);
  }
}
