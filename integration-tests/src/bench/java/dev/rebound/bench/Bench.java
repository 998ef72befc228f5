package dev.rebound.bench;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/**
 * The benchmark of issue #8: overhead per call, start-up cost, behaviour under faults and (issue
 * #18) through limit windows and outages, each measured in forked JVMs. Prints a table and writes
 * {@code results.md} and {@code results.json} to {@code bench.out} (by default {@code
 * integration-tests/target/bench}). Run it through the Maven profile: {@code mvn -B -q -Pbench
 * -DskipTests verify}; settings are in {@link BenchOptions}.
 */
public final class Bench {
  private static final long START = System.nanoTime();

  private Bench() {}

  public static void main(String[] args) throws Exception {
    // The JDK's HTTP server otherwise writes headers and body as two packets with Nagle on, and a
    // client's delayed ACK then adds 40 ms to every call. Read once, when its first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    BenchOptions options = BenchOptions.fromSystemProperties();
    Files.createDirectories(options.out());
    String loadBefore = Machine.loadAverage();
    Instant date = Instant.now();
    log(
        "bench: parts %s, clients %s, %d rounds; load average %s",
        options.parts(), options.clients(), options.rounds(), loadBefore);
    Fork.agentJar(); // fail before measuring anything when the jar is missing
    List<Overhead.Row> overhead =
        options.runs("overhead") ? new Overhead(options).run() : List.of();
    List<SteadyState.Row> steady =
        options.runs("steady") ? new SteadyState(options).run() : List.of();
    List<Startup.Row> startup = options.runs("startup") ? new Startup(options).run() : List.of();
    Faults faults = new Faults(options);
    List<Faults.Row> faultRows = options.runs("faults") ? faults.run() : List.of();
    Outages outages = new Outages(options);
    List<Outages.Row> outageRows = options.runs("outages") ? outages.run() : List.of();
    Report report =
        new Report(
            date,
            Machine.now(loadBefore),
            options,
            faults,
            overhead,
            steady,
            startup,
            faultRows,
            outages,
            outageRows,
            (System.nanoTime() - START) / 1e9);
    String markdown = report.markdown();
    Files.writeString(options.out().resolve("results.md"), markdown);
    Files.writeString(options.out().resolve("results.json"), report.json());
    System.out.println();
    System.out.println(markdown);
    log("bench: wrote %s and results.json", options.out().resolve("results.md"));
  }

  static void log(String format, Object... args) {
    System.out.printf(
        java.util.Locale.ROOT,
        "[%6.1f s] %s%n",
        (System.nanoTime() - START) / 1e9,
        String.format(java.util.Locale.ROOT, format, args));
  }
}
