package dev.rebound.agent.config;

import java.util.List;

/**
 * The hosts whose calls are managed, from the two keys that decide them ({@code rebound.hosts},
 * {@code rebound.hosts.replace}) read as the whole configuration reads them, but without the rest
 * of it: all a call needs to learn that it is not managed. An application whose calls go to other
 * hosts then never pays for the whole read (about 10 ms on its first call); its problems are still
 * reported, on the first managed call or at exit. Stateless.
 */
public final class EarlyHosts {
  private EarlyHosts() {}

  /**
   * @param hosts the raw value of {@code rebound.hosts}, or null when it is not set
   * @param replace the raw value of {@code rebound.hosts.replace}, or null when it is not set
   * @return the matcher, or null when either value is bad: the whole read decides then
   */
  public static HostMatcher of(String hosts, String replace) {
    List<String> entries = hosts == null ? List.of() : PlainValues.hosts(hosts);
    Boolean replaces = replace == null ? Boolean.FALSE : PlainValues.bool(replace);
    if (entries == null || replaces == null) {
      return null;
    }
    return HostMatcher.of(HostMatcher.effective(replaces, entries));
  }
}
