package dev.rebound.agent.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a host is an LLM API host whose calls are managed (SPEC §2, {@code
 * rebound.hosts}). This runs for every request of every hooked client, so a miss costs one hash
 * lookup and a short loop over the suffix entries, with no allocation. Thread-safe (immutable).
 *
 * <p>Entries: {@code host} matches that host on any port; {@code host:port} only that port; {@code
 * *.suffix} any subdomain of the suffix, at any depth, but not the suffix itself ({@code
 * *.openai.azure.com} does not match {@code openai.azure.com}: SPEC §1 says "any subdomain"; write
 * both entries to get both). Host names are compared ignoring ASCII case. IPv6 literals are not
 * supported: clients disagree on whether a host carries the brackets.
 */
public final class HostMatcher {
  /** SPEC §2: the hosts managed without any configuration. */
  public static final List<String> BUILT_IN =
      List.of(
          "openrouter.ai",
          "api.openai.com",
          "api.anthropic.com",
          "generativelanguage.googleapis.com",
          "*.openai.azure.com",
          "api.mistral.ai",
          "api.groq.com",
          "api.deepseek.com",
          "api.together.xyz",
          "api.fireworks.ai",
          "api.x.ai");

  private static final int ANY_PORT = -1;

  /** host → ports it matches on; a set holding {@link #ANY_PORT} matches every port. */
  private final Map<String, Set<Integer>> exact;

  /** ".suffix" strings of the {@code *.suffix} entries. */
  private final String[] suffixes;

  private HostMatcher(Map<String, Set<Integer>> exact, String[] suffixes) {
    this.exact = exact;
    this.suffixes = suffixes;
  }

  /**
   * The hosts in effect (SPEC §1): {@code rebound.hosts} added to the built-in hosts, or in their
   * place when {@code rebound.hosts.replace}.
   */
  public static List<String> effective(boolean replace, List<String> hosts) {
    List<String> all = new ArrayList<>();
    if (!replace) {
      all.addAll(BUILT_IN);
    }
    all.addAll(hosts);
    return all;
  }

  /**
   * Builds a matcher from entries written {@code host}, {@code host:port} or {@code *.suffix}.
   *
   * @throws IllegalArgumentException naming the first entry that is none of these
   */
  public static HostMatcher of(List<String> entries) {
    Map<String, Set<Integer>> exact = new HashMap<>();
    List<String> suffixes = new ArrayList<>();
    for (String raw : entries) {
      String entry = raw.trim().toLowerCase(Locale.ROOT);
      if (entry.startsWith("*.")) {
        String suffix = entry.substring(1);
        requireHostName(raw, suffix.substring(1));
        suffixes.add(suffix);
        continue;
      }
      int colon = entry.lastIndexOf(':');
      int port = ANY_PORT;
      String host = entry;
      if (colon > 0 && entry.indexOf(':') == colon) {
        port = parsePort(raw, entry.substring(colon + 1));
        host = entry.substring(0, colon);
      }
      requireHostName(raw, host);
      Set<Integer> ports = exact.get(host);
      if (ports == null) {
        ports = new HashSet<>();
        exact.put(host, ports);
      }
      ports.add(port);
    }
    return new HostMatcher(Map.copyOf(exact), suffixes.toArray(new String[0]));
  }

  /** True when calls to this host and port are managed. {@code host} may be in any case. */
  public boolean matches(String host, int port) {
    if (host == null) {
      return false;
    }
    String h = lowerAscii(host);
    Set<Integer> ports = exact.get(h);
    if (ports != null && (ports.contains(ANY_PORT) || ports.contains(port))) {
      return true;
    }
    for (String suffix : suffixes) {
      if (h.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  private static String lowerAscii(String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return host.toLowerCase(Locale.ROOT);
      }
    }
    return host;
  }

  private static int parsePort(String entry, String port) {
    // Digits only (parseInt alone would take "+80"), at most five, so parseInt cannot overflow.
    if (Chars.digits(port, 1, 5)) {
      int p = Integer.parseInt(port);
      if (p > 0 && p <= 65535) {
        return p;
      }
    }
    throw new IllegalArgumentException("port must be 1 to 65535 in host entry: " + entry);
  }

  private static void requireHostName(String entry, String host) {
    // Dot-separated labels of letters, digits, '-' and '_': rejects a URL ("https://x"), a path, a
    // stray '*', an empty label ("a..b") and a second colon, none of which a client reports as a
    // host. Runs once at start-up, never on the hot path.
    if (host.startsWith(".")
        || host.endsWith(".")
        || host.contains("..")
        || !Chars.alphanumericOr(host, "._-", false)) {
      throw new IllegalArgumentException("not a host, host:port or *.suffix: " + entry);
    }
  }
}
