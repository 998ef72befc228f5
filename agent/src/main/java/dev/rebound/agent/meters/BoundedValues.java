package dev.rebound.agent.meters;

import dev.rebound.agent.config.ReboundConfig;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the attribute values of Rebound's meters few, since every distinct value is a time series
 * in the application's backend. Models: every configured one, plus the first {@value #MAX_MODELS}
 * others seen (the requested models and per-call fallbacks); hosts: the first {@value #MAX_HOSTS}.
 * Any later newcomer, and any value longer than {@value #MAX_LENGTH} characters, is {@code other};
 * an absent model is {@code none}. Confined to the {@code rebound-meters} thread.
 */
final class BoundedValues {
  static final String OTHER = "other";
  static final String NONE = "none";

  /** Well above the models one application uses; an app that sends thousands stays bounded. */
  static final int MAX_MODELS = 100;

  /** Hosts are matched by configuration, but {@code *.suffix} entries admit any subdomain. */
  static final int MAX_HOSTS = 50;

  static final int MAX_LENGTH = 128;

  private final Set<String> configuredModels = new HashSet<>();
  private final Set<String> models = new HashSet<>();
  private final Set<String> hosts = new HashSet<>();

  BoundedValues(ReboundConfig config) {
    configuredModels.addAll(config.fallbackModels());
    configuredModels.addAll(config.contextModels());
    configuredModels.addAll(config.contentModels());
    // Loops, not lambdas: this runs on the first managed call, where each lambda is spun.
    for (Map.Entry<String, List<String>> chain : config.fallbackFor().entrySet()) {
      configuredModels.add(chain.getKey());
      configuredModels.addAll(chain.getValue());
    }
    for (Iterator<String> models = configuredModels.iterator(); models.hasNext(); ) {
      if (models.next().length() > MAX_LENGTH) {
        models.remove();
      }
    }
  }

  /** Models given outright, for tests. */
  BoundedValues(List<String> configured) {
    configuredModels.addAll(configured);
  }

  String model(String model) {
    if (model == null) {
      return NONE;
    }
    return configuredModels.contains(model) ? model : admit(model, models, MAX_MODELS);
  }

  String host(String host) {
    return host == null ? NONE : admit(host, hosts, MAX_HOSTS);
  }

  private static String admit(String value, Set<String> seen, int max) {
    if (seen.contains(value)) {
      return value;
    }
    if (seen.size() >= max || value.length() > MAX_LENGTH) {
      return OTHER;
    }
    seen.add(value);
    return value;
  }
}
