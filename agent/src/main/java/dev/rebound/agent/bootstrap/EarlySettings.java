package dev.rebound.agent.bootstrap;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The few settings premain needs before the whole configuration is read (SPEC §1 precedence: system
 * property, then environment variable): whether the agent is on, which client families to hook, and
 * whether to say so in debug lines. When a properties file or an agent argument is given, which may
 * set anything, premain reads everything instead. Values are checked later, by the full read: a bad
 * one still disables the agent, with its one line. Immutable.
 */
final class EarlySettings {
  private final boolean needsFullRead;
  private final boolean disabled;
  private final boolean debug;
  private final Set<String> clients;

  private EarlySettings(
      boolean needsFullRead, boolean disabled, boolean debug, Set<String> clients) {
    this.needsFullRead = needsFullRead;
    this.disabled = disabled;
    this.debug = debug;
    this.clients = clients;
  }

  static EarlySettings read(String agentArgs) {
    boolean fullRead =
        (agentArgs != null && !agentArgs.isBlank()) || value("rebound.config.file") != null;
    String enabled = value("rebound.enabled");
    String log = value("rebound.log");
    String clients = value("rebound.clients");
    return new EarlySettings(
        fullRead,
        enabled != null && enabled.trim().equalsIgnoreCase("false"),
        log != null && log.trim().equalsIgnoreCase("debug"),
        clients == null ? null : names(clients));
  }

  boolean needsFullRead() {
    return needsFullRead;
  }

  /** {@code rebound.enabled=false}: nothing is installed. */
  boolean disabled() {
    return disabled;
  }

  boolean debug() {
    return debug;
  }

  /** The client families to hook, or null for every one. */
  Set<String> clients() {
    return clients;
  }

  /** A key's value: the system property, else its environment variable ({@code REBOUND_...}). */
  static String value(String key) {
    String property = System.getProperty(key);
    if (property != null) {
      return property;
    }
    return System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
  }

  private static Set<String> names(String list) {
    Set<String> names = new HashSet<>();
    for (String name : list.split(",")) {
      if (!name.isBlank()) {
        names.add(name.trim().toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }
}
