package dev.rebound.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One measured JVM: this JDK's {@code java}, the given flags, a class path and a main class. The
 * environment loses every {@code REBOUND_} variable, so only the flags configure the agent.
 */
final class Fork {
  /** What a finished JVM printed. */
  record Output(int exitCode, String stdout, String stderr) {
    /** The value of {@code key=} on the first stdout line starting with {@code prefix}. */
    String field(String prefix, String key) {
      for (String line : stdout.split("\n")) {
        if (line.startsWith(prefix)) {
          for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
              return part.substring(key.length() + 1);
            }
          }
        }
      }
      throw new IllegalStateException(
          "no " + key + " in the probe's output:\n" + stdout + "\nstderr:\n" + stderr);
    }
  }

  private final List<String> command = new ArrayList<>();

  Fork(List<String> jvmArgs, List<Path> classPath, String mainClass, String... args) {
    this(Paths.get(System.getProperty("java.home")), jvmArgs, classPath, mainClass, args);
  }

  /**
   * The same on the JDK installed at {@code javaHome}: the start-up part measures more than one.
   */
  Fork(
      Path javaHome, List<String> jvmArgs, List<Path> classPath, String mainClass, String... args) {
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
    command.add(mainClass);
    command.addAll(List.of(args));
  }

  ProcessBuilder builder() {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("REBOUND_") || k.startsWith("OTEL_"));
    return pb;
  }

  Output run(long timeoutSeconds) throws IOException, InterruptedException {
    Path out = Files.createTempFile("bench-out", ".txt");
    Path err = Files.createTempFile("bench-err", ".txt");
    try {
      Process p = builder().redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        String threads = threadDump(p.pid());
        p.destroyForcibly();
        throw new IllegalStateException(
            "probe did not finish in "
                + timeoutSeconds
                + " s: "
                + command
                + "\nstdout:\n"
                + Files.readString(out)
                + "\nstderr:\n"
                + Files.readString(err)
                + "\nthreads:\n"
                + threads);
      }
      Output o =
          new Output(
              p.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      if (o.exitCode != 0) {
        throw new IllegalStateException(
            "probe exited " + o.exitCode + ": " + command + "\n" + o.stdout + o.stderr);
      }
      return o;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * What every thread of a hung probe was doing, so that the hang can be diagnosed from the log.
   */
  private static String threadDump(long pid) {
    try {
      Process jstack =
          new ProcessBuilder(
                  Paths.get(System.getProperty("java.home"), "bin", "jstack").toString(),
                  Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      String dump = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jstack.waitFor(30, TimeUnit.SECONDS);
      return dump;
    } catch (IOException | InterruptedException e) {
      return "no thread dump: " + e;
    }
  }

  /**
   * The JVM flags of one agent set-up; {@code metricsFile} keeps Rebound's log out of the work
   * tree.
   */
  static List<String> agentFlags(
      String agent, String managedHost, Path metricsFile, List<String> extra) {
    List<String> flags = new ArrayList<>();
    switch (agent) {
      case "none" -> {}
      case "rebound" -> {
        flags.add("-javaagent:" + agentJar());
        flags.add("-Drebound.metrics.file=" + metricsFile);
        if (managedHost != null) {
          flags.add("-Drebound.hosts=" + managedHost);
        }
        // Rebound settings to compare, e.g. its JFR events and meters switched off (issue #17).
        for (String flag : System.getProperty("bench.rebound.flags", "").split(",")) {
          if (!flag.isBlank()) {
            flags.add(flag.strip());
          }
        }
      }
      case "otel" -> {
        flags.add("-javaagent:" + System.getProperty("bench.otel.jar"));
        flags.add("-Dotel.traces.exporter=none");
        flags.add("-Dotel.metrics.exporter=none");
        flags.add("-Dotel.logs.exporter=none");
      }
      default -> throw new IllegalArgumentException(agent);
    }
    flags.addAll(extra);
    return flags;
  }

  static Path agentJar() {
    Path jar =
        Paths.get(System.getProperty("rebound.agent.jar", "../agent/target/rebound-agent.jar"))
            .toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("the agent jar is not built: " + jar);
    }
    return jar;
  }

  @Override
  public String toString() {
    return String.join(" ", command);
  }
}
