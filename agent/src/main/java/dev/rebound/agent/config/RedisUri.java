package dev.rebound.agent.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redis server of {@code rebound.shared.redis} (SPEC §1, §8): {@code
 * redis://[user:password@]host[:port][/db]}, {@code rediss://} for TLS. The password is held but
 * never written: {@link #toString()} (the effective configuration, every log line) masks it.
 * Thread-safe (immutable).
 *
 * @param user the ACL user, or null for the default user
 * @param password the password, or null for none
 */
public record RedisUri(boolean tls, String user, String password, String host, int port, int db) {
  /** Sharing is off ({@code rebound.shared.redis} empty). */
  public static final RedisUri OFF = new RedisUri(false, null, null, "", 0, 0);

  static final String FORM = "redis://[user:password@]host[:port][/db] or rediss://...";

  private static final int DEFAULT_PORT = 6379;

  public boolean isOff() {
    return host.isEmpty();
  }

  /** The parsed value, {@link #OFF} for an empty one, or null when it is not of {@link #FORM}. */
  static RedisUri parse(String raw) {
    String v = raw.trim();
    if (v.isEmpty()) {
      return OFF;
    }
    Matcher m = Syntax.URI.matcher(v);
    if (!m.matches()) {
      return null;
    }
    int port = m.group(5) == null ? DEFAULT_PORT : Integer.parseInt(m.group(5));
    int db = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
    if (port < 1 || port > 65535) {
      return null;
    }
    String user = m.group(2) == null || m.group(2).isEmpty() ? null : m.group(2);
    String password = m.group(3) == null || m.group(3).isEmpty() ? null : m.group(3);
    if (user != null && password == null) {
      // "redis://secret@host" is how many tools write a password alone.
      password = user;
      user = null;
    }
    return new RedisUri(m.group(1).equals("rediss"), user, password, m.group(4), port, db);
  }

  /** Compiled only when a fleet is configured: most applications never set this key. */
  private static final class Syntax {
    static final Pattern URI =
        Pattern.compile(
            "(rediss?)://(?:([^:@/]*)(?::([^@/]*))?@)?([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])"
                + "(?::([0-9]{1,5}))?(?:/([0-9]{1,5})?)?");
  }

  /**
   * A value as it may be shown: whatever stands between the scheme and the last {@code @} is
   * masked, whether or not the value parses.
   */
  static String mask(String raw) {
    int at = raw.lastIndexOf('@');
    if (at < 0) {
      return raw;
    }
    int scheme = raw.indexOf("://");
    int start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
    return raw.substring(0, start) + "***" + raw.substring(at);
  }

  /** The URI with the password masked: {@code redis://user:***@host:6379/0}. */
  @Override
  public String toString() {
    if (isOff()) {
      return "";
    }
    String auth = password == null ? "" : (user == null ? "" : user) + ":***@";
    return (tls ? "rediss" : "redis") + "://" + auth + host + ':' + port + '/' + db;
  }
}
