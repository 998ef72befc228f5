package dev.rebound.agent.config;

import java.util.List;
import java.util.Map;

/**
 * What {@link ConfigParser#parse} found: the configuration, or the reason there is none, and the
 * lines to print on stderr. Thread-safe (immutable).
 *
 * @param config the configuration; null exactly when {@code disabled}
 * @param lines the lines to print on stderr, each starting {@code rebound: }, in order; warnings
 *     (unknown keys) may come with a configuration, and {@code rebound.enabled=false} has none
 * @param disabled true when nothing may be installed: {@code rebound.enabled=false}, or a bad value
 * @param effective every key and its effective value as text, in the order of the SPEC §1 table,
 *     each {@code rebound.fallback.for.<model>} in place of the template; empty when {@code
 *     disabled}. For the {@code config} object of the metrics start record (SPEC §6); written out
 *     when first read, by the metrics log's thread.
 */
public record ConfigResult(
    ReboundConfig config, List<String> lines, boolean disabled, Map<String, String> effective) {

  public ConfigResult {
    if (disabled != (config == null)) {
      throw new IllegalArgumentException(
          "config must be null exactly when disabled: disabled=" + disabled + ", config=" + config);
    }
    lines = List.copyOf(lines);
  }

  static ConfigResult disabled(List<String> lines) {
    return new ConfigResult(null, lines, true, Map.of());
  }
}
