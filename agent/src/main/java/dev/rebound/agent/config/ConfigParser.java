package dev.rebound.agent.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the settings of {@link ConfigSources} into a {@link ReboundConfig} (SPEC §1), collecting
 * every problem in one pass: each unknown key is a warning, each bad value a line that disables the
 * agent. Runs in {@code premain}, so it uses the JDK only and never throws for bad input.
 * Thread-safe (stateless).
 */
public final class ConfigParser {
  static final String DELAY_ORDER_FORM = "a duration not above " + ConfigKey.RETRY_MAX_DELAY.key();

  private ConfigParser() {}

  /** Reads and checks all of {@code sources}; files are read on the calling thread. */
  public static ConfigResult parse(ConfigSources sources) {
    Problems problems = new Problems();
    Map<String, Setting> settings = sources.read(problems);
    Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
    for (ConfigKey key : ConfigKey.values()) {
      if (key != ConfigKey.FALLBACK_FOR) {
        Setting given = settings.get(key.key());
        Setting setting = given != null ? given : new Setting(key.key(), key.defaultValue());
        putParsed(values, key, setting, problems);
      }
    }
    // Sorted by model, so the effective configuration is the same whatever the source order.
    Map<String, List<String>> fallbackFor = new TreeMap<>();
    for (Map.Entry<String, Setting> entry : settings.entrySet()) {
      String name = entry.getKey();
      if (ConfigKey.forName(name) == ConfigKey.FALLBACK_FOR) {
        Object chain = parseOne(ConfigKey.FALLBACK_FOR, entry.getValue(), problems);
        if (chain != null) {
          String model = name.substring(ConfigKey.FALLBACK_FOR_PREFIX.length());
          fallbackFor.put(model, strings(chain));
        }
      }
    }
    if (Boolean.FALSE.equals(values.get(ConfigKey.ENABLED))) {
      // SPEC §1: "false installs nothing"; the user asked for silence, so no line either.
      return ConfigResult.disabled(List.of());
    }
    checkDelayOrder(values, settings, problems);
    if (problems.disabled()) {
      return ConfigResult.disabled(problems.lines());
    }
    List<String> hosts = effectiveHosts(values);
    ReboundConfig config = build(values, hosts, fallbackFor);
    return new ConfigResult(
        config, problems.lines(), false, new EffectiveSettings(values, hosts, fallbackFor));
  }

  private static void putParsed(
      Map<ConfigKey, Object> values, ConfigKey key, Setting setting, Problems problems) {
    Object value = parseOne(key, setting, problems);
    if (value != null) {
      values.put(key, value);
    }
  }

  private static Object parseOne(ConfigKey key, Setting setting, Problems problems) {
    Object value = key.parse(setting.value());
    if (value == null) {
      // A password in a bad Redis URI must not reach stderr (SPEC §8).
      String shown =
          key == ConfigKey.SHARED_REDIS ? RedisUri.mask(setting.value()) : setting.value();
      problems.badValue(setting.name(), shown, key.form());
    }
    return value;
  }

  /** Full jitter draws from [0, min(max-delay, base·2^(n-1))]: a base above the cap is a typo. */
  private static void checkDelayOrder(
      Map<ConfigKey, Object> values, Map<String, Setting> settings, Problems problems) {
    Duration base = (Duration) values.get(ConfigKey.RETRY_BASE_DELAY);
    Duration max = (Duration) values.get(ConfigKey.RETRY_MAX_DELAY);
    if (base != null && max != null && base.compareTo(max) > 0) {
      ConfigKey key = ConfigKey.RETRY_BASE_DELAY;
      Setting given = settings.get(key.key());
      Setting setting = given != null ? given : new Setting(key.key(), key.defaultValue());
      problems.badValue(setting.name(), setting.value(), DELAY_ORDER_FORM);
    }
  }

  private static List<String> effectiveHosts(Map<ConfigKey, Object> values) {
    return HostMatcher.effective(
        (Boolean) values.get(ConfigKey.HOSTS_REPLACE), strings(values.get(ConfigKey.HOSTS)));
  }

  private static ReboundConfig build(
      Map<ConfigKey, Object> v, List<String> hosts, Map<String, List<String>> fallbackFor) {
    return new ReboundConfig(
        (Boolean) v.get(ConfigKey.ENABLED),
        HostMatcher.of(hosts),
        Set.copyOf(strings(v.get(ConfigKey.CLIENTS))),
        (Integer) v.get(ConfigKey.RETRY_MAX_ATTEMPTS),
        (Duration) v.get(ConfigKey.RETRY_BASE_DELAY),
        (Duration) v.get(ConfigKey.RETRY_MAX_DELAY),
        (Duration) v.get(ConfigKey.RETRY_MAX_WAIT),
        (Duration) v.get(ConfigKey.DEADLINE),
        (Double) v.get(ConfigKey.RETRY_BUDGET),
        (Integer) v.get(ConfigKey.RETRY_BUDGET_MIN_PER_SECOND),
        strings(v.get(ConfigKey.FALLBACK_MODELS)),
        fallbackFor,
        strings(v.get(ConfigKey.FALLBACK_CONTEXT_MODELS)),
        strings(v.get(ConfigKey.FALLBACK_CONTENT_MODELS)),
        (Boolean) v.get(ConfigKey.OPENROUTER_AVOID_FAILING_PROVIDER),
        (Integer) v.get(ConfigKey.BREAKER_FAILURE_THRESHOLD),
        (Duration) v.get(ConfigKey.BREAKER_OPEN_DURATION),
        (Boolean) v.get(ConfigKey.BREAKER_WAIT),
        (Integer) v.get(ConfigKey.MAX_CONCURRENCY),
        (Duration) v.get(ConfigKey.QUEUE_TIMEOUT),
        (Long) v.get(ConfigKey.MAX_REQUEST_BODY),
        (ReboundConfig.SdkRetries) v.get(ConfigKey.SDK_RETRIES),
        (String) v.get(ConfigKey.METRICS_FILE),
        (Duration) v.get(ConfigKey.METRICS_INTERVAL),
        (LogLevel) v.get(ConfigKey.LOG),
        (RedisUri) v.get(ConfigKey.SHARED_REDIS),
        (String) v.get(ConfigKey.SHARED_NAMESPACE),
        (Boolean) v.get(ConfigKey.JFR),
        (ReboundConfig.Detection) v.get(ConfigKey.OTEL),
        (ReboundConfig.Detection) v.get(ConfigKey.MICROMETER));
  }

  /** Every key as text in table order; {@code rebound.hosts} shows the full list in effect. */
  static Map<String, String> effective(
      Map<ConfigKey, Object> values, List<String> hosts, Map<String, List<String>> fallbackFor) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ConfigKey key : ConfigKey.values()) {
      if (key == ConfigKey.FALLBACK_FOR) {
        for (Map.Entry<String, List<String>> chain : fallbackFor.entrySet()) {
          out.put(
              ConfigKey.FALLBACK_FOR_PREFIX + chain.getKey(), String.join(",", chain.getValue()));
        }
      } else if (key == ConfigKey.HOSTS) {
        out.put(key.key(), String.join(",", hosts));
      } else {
        out.put(key.key(), text(values.get(key)));
      }
    }
    return out;
  }

  /** A parsed value written back in its canonical form, which parses to the same value. */
  static String text(Object value) {
    if (value instanceof Duration d) {
      return DurationFormat.format(d);
    }
    if (value instanceof Long bytes) {
      return SizeFormat.format(bytes);
    }
    if (value instanceof List<?> list) {
      return String.join(",", strings(list));
    }
    if (value instanceof Enum<?> constant) {
      return constant.name().toLowerCase(Locale.ROOT);
    }
    if (value instanceof Double d) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }

  /** A parsed list, typed; the parsers of {@link ValueTypes} only ever put strings in one. */
  private static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    for (Object entry : (List<?>) list) {
      out.add((String) entry);
    }
    return out;
  }
}
