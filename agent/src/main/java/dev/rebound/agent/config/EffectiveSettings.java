package dev.rebound.agent.config;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every key and its effective value as text, written out when first read: only the metrics log's
 * start record reads them, on the writer thread, so the first managed call, which reads the
 * configuration, does not format them (a {@code BigDecimal} alone costs it a millisecond).
 * Unmodifiable; thread-safe (a race formats the same text twice).
 */
final class EffectiveSettings extends AbstractMap<String, String> {
  private final Map<ConfigKey, Object> values;
  private final List<String> hosts;
  private final Map<String, List<String>> fallbackFor;
  private volatile Set<Entry<String, String>> entries;

  /** The parsed values, which nothing changes once parsed. */
  EffectiveSettings(
      Map<ConfigKey, Object> values, List<String> hosts, Map<String, List<String>> fallbackFor) {
    this.values = values;
    this.hosts = hosts;
    this.fallbackFor = fallbackFor;
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    Set<Entry<String, String>> e = entries;
    if (e == null) {
      e =
          Collections.unmodifiableMap(ConfigParser.effective(values, hosts, fallbackFor))
              .entrySet();
      entries = e;
    }
    return e;
  }
}
