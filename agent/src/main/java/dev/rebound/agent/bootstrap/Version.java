package dev.rebound.agent.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Rebound's own version, from the build. Stateless. */
public final class Version {
  private Version() {}

  public static String get() {
    try (InputStream in =
        Version.class.getResourceAsStream("/dev/rebound/agent/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
