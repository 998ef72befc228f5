package dev.rebound.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Part 1: the cost per call of the agent on a successful call. For every round, every client runs
 * in three fresh JVMs, one per mode, in an order that rotates from round to round, so that drift in
 * the machine's load spreads evenly over the modes. Each number is the median over rounds; each
 * ratio is the median of the per-round ratios to the same round's no-agent JVM.
 */
final class Overhead {
  static final List<String> MODES = List.of("none", "passthrough", "managed");

  /** What one measured JVM reported. */
  record Sample(
      double medianUs,
      double p99Us,
      double thr1,
      double thr4,
      double alloc,
      double cpuUs,
      double agentCpuUs) {}

  /** A measured JVM: its figures, and whether Rebound recorded its calls as managed. */
  private record Run(Sample sample, boolean hooked) {}

  /** One client and mode, aggregated over rounds. */
  record Row(
      String client,
      String mode,
      Sample median,
      Sample ratio,
      double deltaUs,
      double deltaCpuUs,
      double noise,
      String verdict) {}

  private final BenchOptions options;
  private final Path metricsDir;

  Overhead(BenchOptions options) throws java.io.IOException {
    this.options = options;
    this.metricsDir = Files.createDirectories(options.out().resolve("metrics"));
  }

  List<Row> run() throws Exception {
    Map<String, Map<String, List<Sample>>> samples = new LinkedHashMap<>();
    Map<String, Boolean> hooked = new LinkedHashMap<>();
    try (LoopbackServer server = new LoopbackServer()) {
      server.warmUp(options.warmupMs());
      for (int round = 0; round < options.rounds(); round++) {
        for (String client : options.clients()) {
          for (int m = 0; m < MODES.size(); m++) {
            String mode = MODES.get((m + round) % MODES.size());
            Run run = measure(server, client, mode, round);
            Sample s = run.sample();
            if (mode.equals("managed")) {
              hooked.merge(client, run.hooked(), Boolean::logicalAnd);
            }
            samples
                .computeIfAbsent(client, k -> new LinkedHashMap<>())
                .computeIfAbsent(mode, k -> new ArrayList<>())
                .add(s);
            Bench.log(
                "overhead round %d %-8s %-12s median %.1f µs, p99 %.1f µs, %.0f/s, %.0f/s x4, %.0f B/call, %.1f µs CPU/call (%.1f on Rebound's threads)",
                round + 1,
                client,
                mode,
                s.medianUs(),
                s.p99Us(),
                s.thr1(),
                s.thr4(),
                s.alloc(),
                s.cpuUs(),
                s.agentCpuUs());
          }
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    samples.forEach(
        (client, byMode) ->
            MODES.forEach(
                mode -> rows.add(row(client, mode, byMode, hooked.getOrDefault(client, false)))));
    return rows;
  }

  private Run measure(LoopbackServer server, String client, String mode, int round)
      throws Exception {
    List<String> extra = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
    String jfrSettings = System.getProperty("bench.jfr", "false");
    if (!jfrSettings.equals("false")) {
      // For finding where a cost comes from: one recording per measured JVM, with JFR's "profile"
      // settings or a .jfc file of one's own (e.g. with a 1 ms sampling period).
      Path jfr =
          Files.createDirectories(options.out().resolve("jfr"))
              .resolve(client + "-" + mode + "-" + round + ".jfr");
      extra.add(
          "-XX:StartFlightRecording=filename="
              + jfr
              + ",settings="
              + (jfrSettings.equals("true") ? "profile" : jfrSettings));
    }
    Path metrics = metricsDir.resolve("overhead-" + client + "-" + mode + ".jsonl");
    Files.deleteIfExists(metrics);
    List<String> flags =
        Fork.agentFlags(
            mode.equals("none") ? "none" : "rebound",
            mode.equals("managed") ? server.hostAndPort() : null,
            metrics,
            extra);
    List<Path> cp = new ArrayList<>();
    cp.add(options.testClasses());
    cp.addAll(options.clientJars(client));
    Fork.Output out =
        new Fork(
                flags,
                cp,
                OverheadProbe.class.getName(),
                client,
                server.url(),
                Integer.toString(options.warmupMs()),
                Integer.toString(options.measureMs()))
            .run(120);
    long errors = Long.parseLong(out.field("RESULT", "errors"));
    long calls =
        Long.parseLong(out.field("RESULT", "calls1"))
            + Long.parseLong(out.field("RESULT", "calls4"));
    // More than one failure in a thousand is a bug to look at, not noise to measure around; a rare
    // one (a loopback connection reset under load) is reported and the run goes on.
    if (errors * 1000 > calls) {
      throw new IllegalStateException(
          client + " " + mode + " had failed calls:\n" + out.stdout() + out.stderr());
    }
    if (errors > 0) {
      System.out.println(
          "           "
              + client
              + " "
              + mode
              + ": "
              + errors
              + " of "
              + calls
              + " calls failed: "
              + out.stderr()
                  .lines()
                  .filter(l -> l.startsWith("first failed call"))
                  .findFirst()
                  .orElse("?"));
    }
    // Rebound writes a call record for each managed call: none means this build does not hook the
    // client.
    boolean managed =
        mode.equals("managed")
            && Files.isRegularFile(metrics)
            && Files.readString(metrics).contains("\"type\":\"call\"");
    return new Run(
        new Sample(
            Double.parseDouble(out.field("RESULT", "median_us")),
            Double.parseDouble(out.field("RESULT", "p99_us")),
            Double.parseDouble(out.field("RESULT", "thr1")),
            Double.parseDouble(out.field("RESULT", "thr4")),
            Double.parseDouble(out.field("RESULT", "alloc")),
            Double.parseDouble(out.field("RESULT", "cpu_us")),
            Double.parseDouble(out.field("RESULT", "agent_cpu_us"))),
        managed);
  }

  private static Row row(
      String client, String mode, Map<String, List<Sample>> byMode, boolean hooked) {
    List<Sample> mine = byMode.get(mode);
    List<Sample> base = byMode.get("none");
    Sample median =
        new Sample(
            med(mine, Sample::medianUs),
            med(mine, Sample::p99Us),
            med(mine, Sample::thr1),
            med(mine, Sample::thr4),
            med(mine, Sample::alloc),
            med(mine, Sample::cpuUs),
            med(mine, Sample::agentCpuUs));
    Sample ratio =
        new Sample(
            ratio(mine, base, Sample::medianUs),
            ratio(mine, base, Sample::p99Us),
            ratio(mine, base, Sample::thr1),
            ratio(mine, base, Sample::thr4),
            ratio(mine, base, Sample::alloc),
            ratio(mine, base, Sample::cpuUs),
            Double.NaN);
    double deltaUs = difference(mine, base, Sample::medianUs);
    double deltaCpuUs = difference(mine, base, Sample::cpuUs);
    double noise = noise(base);
    String verdict = verdict(mode, ratio, deltaUs, mine, base);
    if (mode.equals("managed") && !hooked) {
      verdict = "n/a: this build does not manage " + client + " calls";
    } else if (verdict.startsWith("missed") && Math.abs(ratio.medianUs() - 1) <= noise) {
      verdict = verdict + "?, no-agent runs spread ±" + Math.round(noise * 100) + "%";
    }
    return new Row(client, mode, median, ratio, deltaUs, deltaCpuUs, noise, verdict);
  }

  /**
   * The targets, on the median latency and both throughputs: pass-through within 2% of no
   * agent; managed within 5%, or within 30 µs of extra time per call.
   */
  private static String verdict(
      String mode, Sample ratio, double deltaUs, List<Sample> mine, List<Sample> base) {
    if (mode.equals("none")) {
      return "";
    }
    double limit = mode.equals("passthrough") ? 0.02 : 0.05;
    double slackUs = mode.equals("passthrough") ? 0 : 30;
    // Extra time per call implied by a throughput loss: 1/throughput is the time a call takes.
    double thr1DeltaUs = difference(mine, base, s -> 1e6 / s.thr1());
    double thr4DeltaUs = difference(mine, base, s -> 1e6 * 4 / s.thr4());
    boolean latency = ratio.medianUs() <= 1 + limit || deltaUs <= slackUs;
    boolean thr1 = ratio.thr1() >= 1 - limit || thr1DeltaUs <= slackUs;
    boolean thr4 = ratio.thr4() >= 1 - limit || thr4DeltaUs <= slackUs;
    if (latency && thr1 && thr4) {
      return "met";
    }
    List<String> missed = new ArrayList<>();
    if (!latency) {
      missed.add("latency");
    }
    if (!thr1) {
      missed.add("thr1");
    }
    if (!thr4) {
      missed.add("thr4");
    }
    return "missed (" + String.join(", ", missed) + ")";
  }

  /**
   * Half the spread of the no-agent JVMs' median latency over rounds, relative to their median: a
   * difference smaller than this between modes is not one the run can tell from the machine's
   * noise.
   */
  private static double noise(List<Sample> base) {
    List<Double> medians = base.stream().map(Sample::medianUs).toList();
    double m = Stats.median(medians);
    double spread =
        medians.stream().mapToDouble(Double::doubleValue).max().orElse(m)
            - medians.stream().mapToDouble(Double::doubleValue).min().orElse(m);
    return spread / 2 / m;
  }

  private static double med(List<Sample> samples, ToDoubleFunction<Sample> f) {
    return Stats.median(samples.stream().map(s -> f.applyAsDouble(s)).toList());
  }

  private static double ratio(List<Sample> mine, List<Sample> base, ToDoubleFunction<Sample> f) {
    List<Double> r = new ArrayList<>();
    for (int i = 0; i < Math.min(mine.size(), base.size()); i++) {
      r.add(f.applyAsDouble(mine.get(i)) / f.applyAsDouble(base.get(i)));
    }
    return Stats.median(r);
  }

  private static double difference(
      List<Sample> mine, List<Sample> base, ToDoubleFunction<Sample> f) {
    List<Double> d = new ArrayList<>();
    for (int i = 0; i < Math.min(mine.size(), base.size()); i++) {
      d.add(f.applyAsDouble(mine.get(i)) - f.applyAsDouble(base.get(i)));
    }
    return Stats.median(d);
  }
}
