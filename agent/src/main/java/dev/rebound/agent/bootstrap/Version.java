package dev.rebound.agent.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Rebound's own version, from the build. Stateless. */
public final class Version {
  private Version() {}

  public static String get() {
    // The jar's manifest, which the class loader has already read: opening the properties file
    // instead costs a resource lookup and a URL connection on the first managed call.
    String fromManifest = Version.class.getPackage().getImplementationVersion();
    return fromManifest != null ? fromManifest : fromProperties();
  }

  /** Classes run from a directory (the build's own tests) have no manifest. */
  private static String fromProperties() {
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
