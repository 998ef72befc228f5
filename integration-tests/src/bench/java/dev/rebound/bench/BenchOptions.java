package dev.rebound.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/**
 * The harness's settings, all {@code -Dbench.*} system properties with defaults, so that a short
 * development run and the full run differ only in flags. The Maven profile {@code bench} passes
 * them on; {@code mvn ... -Dbench.rounds=1} overrides one.
 */
record BenchOptions(
    List<String> parts,
    List<String> clients,
    int rounds,
    int warmupMs,
    int measureMs,
    int steadyWarmupMs,
    int steadyBlocks,
    int steadyCallsPerBlock,
    int startupRuns,
    int faultCalls,
    int outageCalls,
    int faultThreads,
    long seed,
    Path out,
    Path testClasses,
    Path clientsDir,
    Path otelJar) {

  static BenchOptions fromSystemProperties() {
    return new BenchOptions(
        list("bench.parts", "overhead,steady,startup,faults,outages"),
        list("bench.clients", "okhttp,jdk,apache5"),
        integer("bench.rounds", 3),
        integer("bench.warmup-ms", 1500),
        integer("bench.measure-ms", 1500),
        integer("bench.steady.warmup-ms", 10000),
        integer("bench.steady.blocks", 40),
        integer("bench.steady.calls", 200),
        integer("bench.startup.runs", 10),
        integer("bench.faults.calls", 200),
        integer("bench.faults.outage-calls", 60),
        integer("bench.faults.threads", 4),
        Long.parseLong(System.getProperty("bench.faults.seed", "8")),
        path("bench.out", "target/bench"),
        path("bench.test-classes", "target/test-classes"),
        path("rebound.clients.dir", "target/clients"),
        path("bench.otel.jar", "target/bench-agents/opentelemetry-javaagent.jar"));
  }

  boolean runs(String part) {
    return parts.contains(part);
  }

  /** The jars of one client, by the harness's client name; the JDK client needs none. */
  List<Path> clientJars(String client) {
    if (client.equals("reactor-netty")) {
      // Resolved with its dependencies by src/it/reactor-netty-13 (the invoker, before the bench).
      Path file = clientsDir.resolveSibling("it/reactor-netty-13/target/classpath.txt");
      try {
        return Stream.of(Files.readString(file).strip().split(java.io.File.pathSeparator))
            .map(Path::of)
            .toList();
      } catch (java.io.IOException e) {
        throw new IllegalStateException("client class path missing: " + file, e);
      }
    }
    String folder =
        switch (client) {
          case "okhttp" -> "okhttp-" + System.getProperty("bench.okhttp.version", "4.12.0");
          case "apache5" -> "apache5-" + System.getProperty("bench.apache5.version", "5.6.5");
          case "vertx" -> "vertx-" + System.getProperty("bench.vertx.version", "5.2.3");
          case "jdk" -> null;
          default ->
              throw new IllegalArgumentException(
                  "unknown client " + client + " (okhttp, jdk, apache5, reactor-netty, vertx)");
        };
    if (folder == null) {
      return List.of();
    }
    Path dir = clientsDir.resolve(folder);
    try (Stream<Path> jars = Files.list(dir)) {
      return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("client jars missing: " + dir + " (run with -Pbench)", e);
    }
  }

  private static List<String> list(String key, String def) {
    return Stream.of(System.getProperty(key, def).split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static int integer(String key, int def) {
    return Integer.parseInt(System.getProperty(key, Integer.toString(def)).trim());
  }

  private static Path path(String key, String def) {
    return Paths.get(System.getProperty(key, def)).toAbsolutePath();
  }
}
