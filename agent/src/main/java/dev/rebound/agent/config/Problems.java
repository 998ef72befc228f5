package dev.rebound.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one parse, so that every one of them is reported at once instead of one
 * per start-up (style 17). Each becomes one stderr line starting {@code rebound: }. Confined to the
 * calling thread.
 */
final class Problems {
  private final List<String> lines = new ArrayList<>();
  private boolean disabled;

  /** SPEC §1: an unknown key is a warning; the agent still runs. */
  void unknownKey(String name) {
    add("rebound: unknown key " + name + " (ignored)");
  }

  /** SPEC §1: a value that does not parse disables the agent; the application runs on. */
  void badValue(String name, String value, String form) {
    disabled = true;
    add("rebound: disabled: " + name + "=" + value + ": expected " + form);
  }

  /** A warning that is neither an unknown key nor a bad value; the agent still runs. */
  void warning(String text) {
    add("rebound: " + text);
  }

  boolean disabled() {
    return disabled;
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  private void add(String line) {
    // The same unknown key set in two sources is one mistake, reported once.
    if (!lines.contains(line)) {
      lines.add(line);
    }
  }
}
