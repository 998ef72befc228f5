package dev.rebound.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a JDK of a given feature release for forked JVMs: {@code -Drebound.jdk<N>.home} (none when
 * it holds no {@code bin/java}), else the JDK running the tests when it is that release, else the
 * first under {@code /usr/lib/jvm} whose {@code release} file says so.
 */
public final class Jdks {
  private static final Path JVM_DIR = Paths.get("/usr/lib/jvm");
  private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

  private Jdks() {}

  /** The home of a JDK {@code feature} (17, 25, ...), if this machine has one. */
  public static Optional<Path> home(int feature) {
    String configured = System.getProperty("rebound.jdk" + feature + ".home");
    if (configured != null && !configured.isBlank()) {
      Path home = Paths.get(configured);
      return Files.isExecutable(ProbeProcess.javaOf(home)) ? Optional.of(home) : Optional.empty();
    }
    Path current = Paths.get(System.getProperty("java.home"));
    if (Runtime.version().feature() == feature) {
      return Optional.of(current);
    }
    if (!Files.isDirectory(JVM_DIR)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(JVM_DIR)) {
      return dirs.sorted()
          .filter(d -> !Files.isSymbolicLink(d))
          .filter(d -> Files.isExecutable(ProbeProcess.javaOf(d)))
          .filter(d -> feature(d) == feature)
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int feature(Path home) {
    try {
      Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
