package dev.rebound.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The parsers of the values a call needs before the whole configuration is read: lists, booleans
 * and hosts. Apart from {@link ValueTypes}, so that {@link EarlyHosts} reads the managed hosts as
 * the configuration does without loading every kind of value (and the configuration record) on an
 * application's first call. Each returns null for a value it rejects. Stateless.
 */
final class PlainValues {
  private PlainValues() {}

  /** SPEC §1 lists: comma separated; entries trimmed, empty entries dropped. Never rejects. */
  static List<String> list(String raw) {
    List<String> out = new ArrayList<>();
    for (String entry : raw.split(",", -1)) {
      String trimmed = entry.trim();
      if (!trimmed.isEmpty()) {
        out.add(trimmed);
      }
    }
    return List.copyOf(out);
  }

  static Boolean bool(String raw) {
    String v = raw.trim();
    if (v.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    return v.equalsIgnoreCase("false") ? Boolean.FALSE : null;
  }

  static List<String> hosts(String raw) {
    List<String> entries = list(raw);
    try {
      HostMatcher.of(entries);
      return entries;
    } catch (IllegalArgumentException e) {
      // HostMatcher names the entry; the message of the bad value names the whole value.
      return null;
    }
  }
}
