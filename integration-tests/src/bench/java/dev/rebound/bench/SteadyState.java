package dev.rebound.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Part {@code steady}: the CPU a managed call costs once the JVM is warm, measured inside one JVM
 * (see {@link SteadyProbe}). The overhead part compares fresh JVMs after a short warm-up, where the
 * JIT is still compiling and one JVM differs from the next by more than the cost being measured;
 * here both paths share the JVM and alternate in blocks, so the difference of each block pair is
 * the cost of managing the calls. The baseline is a call Rebound does not manage (one host check),
 * which the overhead part shows equal to no agent within its noise.
 */
final class SteadyState {
  /** Issue #12: a managed call that succeeds at once adds at most this much CPU. */
  static final double TARGET_US = 10;

  /** One client's figures, pooled over its JVMs. */
  record Row(
      String client,
      int jvms,
      int blockPairs,
      int callsPerBlock,
      double managedUs,
      double plainUs,
      double deltaUs,
      double deltaP25,
      double deltaP75,
      double callerDeltaUs,
      double deltaAllocBytes,
      String verdict) {}

  private final BenchOptions options;
  private final Path metricsDir;

  SteadyState(BenchOptions options) throws java.io.IOException {
    this.options = options;
    this.metricsDir = Files.createDirectories(options.out().resolve("metrics"));
  }

  List<Row> run() throws Exception {
    List<Row> rows = new ArrayList<>();
    try (LoopbackServer server = new LoopbackServer()) {
      server.warmUp(options.warmupMs());
      for (String client : options.clients()) {
        rows.add(measure(server, client));
      }
    }
    return rows;
  }

  private Row measure(LoopbackServer server, String client) throws Exception {
    List<Double> managed = new ArrayList<>();
    List<Double> plain = new ArrayList<>();
    List<Double> delta = new ArrayList<>();
    List<Double> callerDelta = new ArrayList<>();
    List<Double> allocDelta = new ArrayList<>();
    for (int round = 0; round < options.rounds(); round++) {
      Path metrics = metricsDir.resolve("steady-" + client + ".jsonl");
      Files.deleteIfExists(metrics);
      List<Path> cp = new ArrayList<>();
      cp.add(options.testClasses());
      cp.addAll(options.clientJars(client));
      Fork.Output out =
          new Fork(
                  Fork.agentFlags(
                      "rebound", server.hostAndPort(), metrics, List.of("-Xms512m", "-Xmx512m")),
                  cp,
                  SteadyProbe.class.getName(),
                  client,
                  server.url(),
                  server.plainUrl(),
                  Integer.toString(options.steadyWarmupMs()),
                  Integer.toString(options.steadyBlocks()),
                  Integer.toString(options.steadyCallsPerBlock()))
              .run(300);
      checkOnlyManagedPathRecorded(client, metrics, Long.parseLong(out.field("RESULT", "managed")));
      List<Double> m = numbers(out.field("RESULT", "managed_all"));
      List<Double> p = numbers(out.field("RESULT", "plain_all"));
      List<Double> mc = numbers(out.field("RESULT", "managed_caller"));
      List<Double> pc = numbers(out.field("RESULT", "plain_caller"));
      List<Double> ma = numbers(out.field("RESULT", "managed_alloc"));
      List<Double> pa = numbers(out.field("RESULT", "plain_alloc"));
      for (int b = 0; b < m.size(); b++) {
        delta.add(m.get(b) - p.get(b));
        callerDelta.add(mc.get(b) - pc.get(b));
        allocDelta.add(ma.get(b) - pa.get(b));
      }
      managed.addAll(m);
      plain.addAll(p);
      Bench.log(
          "steady round %d %-13s managed %.1f µs CPU/call, not managed %.1f, Δ %.1f (caller's thread"
              + " %.1f), Δ %.0f bytes allocated/call",
          round + 1,
          client,
          Stats.median(m),
          Stats.median(p),
          Stats.median(delta.subList(delta.size() - m.size(), delta.size())),
          Stats.median(callerDelta.subList(callerDelta.size() - m.size(), callerDelta.size())),
          Stats.median(allocDelta.subList(allocDelta.size() - m.size(), allocDelta.size())));
    }
    double d = Stats.median(delta);
    return new Row(
        client,
        options.rounds(),
        delta.size(),
        options.steadyCallsPerBlock(),
        Stats.median(managed),
        Stats.median(plain),
        d,
        Stats.percentileOf(delta, 25),
        Stats.percentileOf(delta, 75),
        Stats.median(callerDelta),
        Stats.median(allocDelta),
        d <= TARGET_US ? "met" : "missed");
  }

  /**
   * The comparison means something only if Rebound managed exactly the calls to the managed port:
   * one call record per managed call, none for the others.
   */
  private static void checkOnlyManagedPathRecorded(String client, Path metrics, long managedCalls)
      throws java.io.IOException {
    long records;
    try (var lines = Files.lines(metrics)) {
      records = lines.filter(l -> l.contains("\"type\":\"call\"")).count();
    }
    if (records != managedCalls) {
      throw new IllegalStateException(
          client
              + ": "
              + records
              + " call records for "
              + managedCalls
              + " managed calls in "
              + metrics);
    }
  }

  private static List<Double> numbers(String csv) {
    List<Double> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      out.add(Double.parseDouble(s));
    }
    return out;
  }

  static List<Object> json(List<Row> rows) {
    List<Object> list = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("client", r.client());
      row.put("jvms", r.jvms());
      row.put("block_pairs", r.blockPairs());
      row.put("calls_per_block", r.callsPerBlock());
      row.put("managed_cpu_us", r.managedUs());
      row.put("not_managed_cpu_us", r.plainUs());
      row.put("delta_cpu_us", r.deltaUs());
      row.put("delta_cpu_p25_us", r.deltaP25());
      row.put("delta_cpu_p75_us", r.deltaP75());
      row.put("delta_caller_cpu_us", r.callerDeltaUs());
      row.put("delta_alloc_bytes", r.deltaAllocBytes());
      row.put("target", r.verdict());
      list.add(row);
    }
    return list;
  }

  static String markdown(List<Row> rows, BenchOptions options) {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "%n**A managed call's CPU at steady state** (one JVM per round with Rebound, %d rounds;"
                + " %d ms warm-up of both paths, then %d block pairs of %d calls alternating between"
                + " a host Rebound manages and one it does not; CPU of every live thread per call;"
                + " Δ = median of the pairs' differences, [p25, p75] their spread; bytes allocated"
                + " by every live thread per call, which the machine's load hardly moves)%n%n",
            options.rounds(),
            options.steadyWarmupMs(),
            options.steadyBlocks(),
            options.steadyCallsPerBlock()));
    md.append(
        "| client | managed µs CPU/call | not managed µs CPU/call | Δ µs [p25, p75] | Δ on the"
            + " caller's thread µs | Δ allocated B/call | target (≤ 10 µs) |\n");
    md.append("|---|--:|--:|--:|--:|--:|---|\n");
    for (Row r : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.1f | %+.1f [%+.1f, %+.1f] | %+.1f | %+.0f | %s |%n",
              r.client(),
              r.managedUs(),
              r.plainUs(),
              r.deltaUs(),
              r.deltaP25(),
              r.deltaP75(),
              r.callerDeltaUs(),
              r.deltaAllocBytes(),
              r.verdict()));
    }
    return md.toString();
  }
}
