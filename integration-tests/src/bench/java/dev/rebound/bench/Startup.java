package dev.rebound.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Part 2: what an agent costs a tiny application that makes one call (issue #12). For every JDK of
 * {@code bench.startup.jdks} and every client, six variants: no agent; an empty agent in a jar of
 * its own ({@link EmptyAgent}: the JVM's own share of any {@code -javaagent}); the empty agent with
 * a transformer that changes nothing (the JVM's share of any agent that patches classes as they
 * load); Rebound with the call not managed (its host is not in {@code rebound.hosts}); Rebound with
 * the call managed (the first managed call starts the engine, the classifier and the metrics log,
 * which writes to a file); the OpenTelemetry Java agent when its jar is there. One untimed launch
 * of each first (the OS page cache then holds every jar; it also counts the classes each variant
 * loads), then the variants alternate run by run in a rotating order. Each launch gives launch →
 * {@code main()}, → first call done, → process exit, the process's CPU time and, with Rebound,
 * {@code premain}'s own duration from its debug line (from the JVM's call, the loading of Rebound's
 * classes included). The cost of a variant is the median of its per-run differences to the no-agent
 * run of the same turn.
 */
final class Startup {
  static final List<String> VARIANTS =
      List.of("none", "empty", "transformer", "passthrough", "managed", "otel");
  private static final double PASSTHROUGH_TARGET_MS = 50;
  private static final double MANAGED_TARGET_MS = 100;
  private static final double PREMAIN_TARGET_US = 10_000;
  private static final Pattern PREMAIN = Pattern.compile("rebound: started \\S+ in (\\d+) us");
  private static final String TEMURIN_25 = "/usr/lib/jvm/temurin-25-jdk-amd64";

  /**
   * One launch, in milliseconds from the moment the harness started the JVM; NaN where not
   * measured.
   */
  record Launch(double mainMs, double callMs, double exitMs, double cpuMs, double premainUs) {}

  /** One JDK, client and variant over every timed run. */
  record Row(
      String jdk,
      String client,
      String variant,
      Launch median,
      Launch delta,
      double callP25,
      double callP75,
      double deltaCallP25,
      double deltaCallP75,
      int classes,
      int reboundClasses,
      String foreignStderr,
      String verdict) {}

  /**
   * What a launch left behind besides its timings; {@code stderr}: the lines that are not
   * Rebound's.
   */
  private record Outcome(Launch launch, boolean callRecorded, List<String> stderr) {}

  private final BenchOptions options;
  private final Path work;
  private final Path emptyAgent;

  Startup(BenchOptions options) throws IOException {
    this.options = options;
    this.work = Files.createDirectories(options.out().resolve("startup"));
    this.emptyAgent = EmptyAgent.jar(work);
  }

  List<Row> run() throws Exception {
    List<String> variants = new ArrayList<>(VARIANTS);
    if (!Files.isRegularFile(options.otelJar())) {
      variants.remove("otel");
      Bench.log("startup: no OpenTelemetry agent at %s, measured without it", options.otelJar());
    }
    List<String> wanted =
        list(System.getProperty("bench.startup.variants", String.join(",", VARIANTS)));
    if (!VARIANTS.containsAll(wanted)) {
      throw new IllegalArgumentException(
          "bench.startup.variants: " + wanted + ", known: " + VARIANTS);
    }
    variants.retainAll(wanted);
    if (!variants.contains("none")) {
      variants.add(0, "none");
    }
    List<Row> rows = new ArrayList<>();
    try (LoopbackServer server = new LoopbackServer()) {
      server.warmUp(500);
      for (Path jdk : jdks()) {
        String version = version(jdk);
        for (String client : options.clients()) {
          rows.addAll(measure(jdk, version, client, variants, server));
        }
      }
    }
    return rows;
  }

  private List<Row> measure(
      Path jdk, String version, String client, List<String> variants, LoopbackServer server)
      throws Exception {
    Map<String, int[]> classes = new LinkedHashMap<>();
    for (String variant : variants) {
      Path log = work.resolve("classes-" + version + "-" + client + "-" + variant + ".log");
      Files.deleteIfExists(log);
      launch(jdk, client, variant, server, List.of("-Xlog:class+load=info:file=" + log));
      classes.put(variant, countClasses(log));
    }
    Map<String, List<Outcome>> runs = new LinkedHashMap<>();
    variants.forEach(v -> runs.put(v, new ArrayList<>()));
    for (int run = 0; run < options.startupRuns(); run++) {
      for (int i = 0; i < variants.size(); i++) {
        String variant = variants.get((i + run) % variants.size());
        Outcome o = launch(jdk, client, variant, server, List.of());
        runs.get(variant).add(o);
        Launch l = o.launch();
        Bench.log(
            "startup %s %-7s run %2d %-11s main %4.0f ms, first call %4.0f ms, exit %4.0f ms, CPU"
                + " %4.0f ms%s",
            version,
            client,
            run + 1,
            variant,
            l.mainMs(),
            l.callMs(),
            l.exitMs(),
            l.cpuMs(),
            Double.isNaN(l.premainUs())
                ? ""
                : String.format(Locale.ROOT, ", premain %.0f µs", l.premainUs()));
      }
    }
    List<Launch> base = runs.get("none").stream().map(Outcome::launch).toList();
    Set<String> baseStderr =
        runs.get("none").stream().flatMap(o -> o.stderr().stream()).collect(Collectors.toSet());
    List<Row> rows = new ArrayList<>();
    for (String variant : variants) {
      List<Outcome> outcomes = runs.get(variant);
      List<Launch> mine = outcomes.stream().map(Outcome::launch).toList();
      List<Double> calls = mine.stream().map(Launch::callMs).toList();
      List<Double> deltaCalls = new ArrayList<>();
      for (int i = 0; i < mine.size(); i++) {
        deltaCalls.add(mine.get(i).callMs() - base.get(i).callMs());
      }
      Launch median =
          new Launch(
              median(mine, Launch::mainMs),
              median(mine, Launch::callMs),
              median(mine, Launch::exitMs),
              median(mine, Launch::cpuMs),
              median(mine, Launch::premainUs));
      Launch delta =
          new Launch(
              deltaMedian(mine, base, Launch::mainMs),
              Stats.median(deltaCalls),
              deltaMedian(mine, base, Launch::exitMs),
              deltaMedian(mine, base, Launch::cpuMs),
              Double.NaN);
      boolean recorded = outcomes.stream().allMatch(Outcome::callRecorded);
      boolean recordedAny = outcomes.stream().anyMatch(Outcome::callRecorded);
      // A line the application also prints without an agent (SLF4J's "no binding") is not ours.
      String foreign =
          !variant.equals("passthrough") && !variant.equals("managed")
              ? ""
              : outcomes.stream()
                  .flatMap(o -> o.stderr().stream())
                  .filter(l -> !baseStderr.contains(l))
                  .findFirst()
                  .orElse("");
      int[] counted = classes.get(variant);
      rows.add(
          new Row(
              version,
              client,
              variant,
              median,
              delta,
              Stats.percentileOf(calls, 25),
              Stats.percentileOf(calls, 75),
              Stats.percentileOf(deltaCalls, 25),
              Stats.percentileOf(deltaCalls, 75),
              counted[0],
              counted[1],
              foreign,
              verdict(
                  variant,
                  median,
                  delta,
                  Stats.percentileOf(deltaCalls, 25),
                  recorded,
                  recordedAny)));
    }
    for (Row r : rows) {
      Bench.log(
          "startup %s %-7s %-11s median first call %4.0f ms (Δ %+4.0f ms), CPU %4.0f ms (Δ %+4.0f"
              + " ms), %d classes %s",
          r.jdk(),
          r.client(),
          r.variant(),
          r.median().callMs(),
          r.delta().callMs(),
          r.median().cpuMs(),
          r.delta().cpuMs(),
          r.classes(),
          r.verdict());
    }
    return rows;
  }

  /**
   * "met", or what was missed; a first call marked {@code ?} missed by its median but not by its
   * best quarter of runs: the machine was too busy to tell (as in the overhead part).
   */
  private static String verdict(
      String variant,
      Launch median,
      Launch delta,
      double deltaCallP25,
      boolean recorded,
      boolean recordedAny) {
    double target;
    switch (variant) {
      case "passthrough" -> {
        if (recordedAny) {
          return "invalid: a call record, so the call was managed";
        }
        target = PASSTHROUGH_TARGET_MS;
      }
      case "managed" -> {
        if (!recorded) {
          return "invalid: no call record, so the call was not managed";
        }
        target = MANAGED_TARGET_MS;
      }
      default -> {
        return "";
      }
    }
    List<String> missed = new ArrayList<>();
    if (!(delta.callMs() <= target)) {
      missed.add(deltaCallP25 <= target ? "first call?" : "first call");
    }
    if (!(median.premainUs() < PREMAIN_TARGET_US)) {
      missed.add("premain");
    }
    return missed.isEmpty() ? "met" : "missed (" + String.join(", ", missed) + ")";
  }

  private Outcome launch(
      Path jdk, String client, String variant, LoopbackServer server, List<String> extra)
      throws Exception {
    boolean rebound = variant.equals("passthrough") || variant.equals("managed");
    List<String> flags = new ArrayList<>(extra);
    if (rebound) {
      flags.add("-Drebound.log=debug");
    }
    if (variant.equals("empty")) {
      flags.add("-javaagent:" + emptyAgent);
    } else if (variant.equals("transformer")) {
      flags.add("-javaagent:" + emptyAgent + "=transformer");
    }
    Path metrics = work.resolve("metrics-" + client + "-" + variant + ".jsonl");
    Files.deleteIfExists(metrics);
    List<Path> cp = new ArrayList<>();
    cp.add(options.testClasses());
    cp.addAll(options.clientJars(client));
    Fork fork =
        new Fork(
            jdk,
            Fork.agentFlags(
                rebound ? "rebound" : variant.equals("otel") ? "otel" : "none",
                variant.equals("managed") ? server.hostAndPort() : null,
                metrics,
                flags),
            cp,
            StartupProbe.class.getName(),
            client,
            server.url());
    Path out = work.resolve("stdout.txt");
    Path err = work.resolve("stderr.txt");
    ProcessBuilder pb = fork.builder().redirectOutput(out.toFile()).redirectError(err.toFile());
    long launchedAt = StartupProbe.micros(Instant.now());
    long launchedNanos = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("startup probe did not end in 120 s: " + fork);
    }
    double exitMs = (System.nanoTime() - launchedNanos) / 1e6;
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    String done = stdout.lines().filter(l -> l.startsWith("DONE ")).findFirst().orElse(null);
    if (p.exitValue() != 0 || done == null || !done.startsWith("DONE 200 ")) {
      throw new IllegalStateException(
          "startup probe "
              + variant
              + " exited "
              + p.exitValue()
              + " with "
              + done
              + ": "
              + fork
              + "\n"
              + stdout
              + stderr);
    }
    Fork.Output o = new Fork.Output(0, done, stderr);
    double mainMs = (Long.parseLong(o.field("DONE", "main")) - launchedAt) / 1e3;
    double callMs = (Long.parseLong(o.field("DONE", "call")) - launchedAt) / 1e3;
    long cpuNanos = Long.parseLong(o.field("DONE", "cpu"));
    double premainUs = Double.NaN;
    if (rebound) {
      Matcher m = PREMAIN.matcher(stderr);
      if (!m.find()) {
        throw new IllegalStateException(
            "Rebound did not start (no 'rebound: started' line): " + fork + "\n" + stderr);
      }
      premainUs = Double.parseDouble(m.group(1));
    }
    // Lines Rebound did not write: a JVM warning there is a cost the application pays too.
    List<String> foreign =
        stderr.lines().filter(l -> !l.isBlank() && !l.startsWith("rebound: ")).toList();
    boolean recorded =
        Files.isRegularFile(metrics) && Files.readString(metrics).contains("\"type\":\"call\"");
    return new Outcome(
        new Launch(mainMs, callMs, exitMs, cpuNanos < 0 ? Double.NaN : cpuNanos / 1e6, premainUs),
        recorded,
        foreign);
  }

  /**
   * Classes the JVM loaded (every one, and Rebound's own), from a {@code -Xlog:class+load} file.
   */
  private static int[] countClasses(Path log) throws IOException {
    int all = 0;
    int rebound = 0;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      int tag = line.indexOf("[class,load] ");
      if (tag < 0) {
        continue;
      }
      all++;
      String name = line.substring(tag + 13);
      if (name.startsWith("dev.rebound.") && !name.startsWith("dev.rebound.bench.")) {
        rebound++;
      }
    }
    return new int[] {all, rebound};
  }

  /** {@code bench.startup.jdks}, or this JVM's JDK and Temurin 25 when it is installed. */
  private static List<Path> jdks() {
    List<String> given = list(System.getProperty("bench.startup.jdks", ""));
    List<Path> jdks = new ArrayList<>();
    if (given.isEmpty()) {
      Path here = Paths.get(System.getProperty("java.home"));
      jdks.add(here);
      Path temurin25 = Paths.get(TEMURIN_25);
      // Not twice when the harness itself runs on Temurin 25 (-Dbench.java).
      if (Files.isExecutable(temurin25.resolve("bin").resolve("java"))
          && !sameFile(here, temurin25)) {
        jdks.add(temurin25);
      }
    } else {
      for (String home : given) {
        Path jdk = Paths.get(home);
        if (!Files.isExecutable(jdk.resolve("bin").resolve("java"))) {
          throw new IllegalArgumentException("bench.startup.jdks: no bin/java under " + home);
        }
        jdks.add(jdk);
      }
    }
    return jdks;
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** The JDK's version as its {@code release} file gives it, else the folder's name. */
  private static String version(Path jdk) {
    try (Stream<String> lines = Files.lines(jdk.resolve("release"))) {
      return lines
          .filter(l -> l.startsWith("JAVA_RUNTIME_VERSION="))
          .map(l -> l.substring(l.indexOf('=') + 1).replace("\"", ""))
          .findFirst()
          .orElse(jdk.getFileName().toString());
    } catch (IOException e) {
      return jdk.getFileName().toString();
    }
  }

  private static double median(List<Launch> runs, ToDoubleFunction<Launch> field) {
    return Stats.median(runs.stream().map(field::applyAsDouble).toList());
  }

  private static double deltaMedian(
      List<Launch> mine, List<Launch> base, ToDoubleFunction<Launch> field) {
    List<Double> deltas = new ArrayList<>();
    for (int i = 0; i < mine.size(); i++) {
      deltas.add(field.applyAsDouble(mine.get(i)) - field.applyAsDouble(base.get(i)));
    }
    return Stats.median(deltas);
  }

  private static List<String> list(String value) {
    return Stream.of(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** The start-up tables, one per JDK, as markdown. */
  static String markdown(List<Row> rows, BenchOptions options) {
    StringBuilder md = new StringBuilder();
    String jdk = null;
    for (Row r : rows) {
      if (!r.jdk().equals(jdk)) {
        jdk = r.jdk();
        md.append("\n**Start-up on JDK ")
            .append(jdk)
            .append("**: a tiny application that makes one call; ")
            .append(options.startupRuns())
            .append(
                " interleaved runs per variant (rotating order, after one untimed launch each); ms"
                    + " from launching the JVM; Δ = median of per-run differences to the no-agent"
                    + " run of the same turn, [p25, p75] its spread\n\n");
        md.append(
            "| client | variant | main() ms | first call ms [p25, p75] | exit ms | CPU ms | Δ"
                + " main() | Δ first call [p25, p75] | Δ exit | Δ CPU | premain µs | classes"
                + " (Rebound's) | target |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
      }
      boolean base = r.variant().equals("none");
      Launch m = r.median();
      Launch d = r.delta();
      md.append("| ")
          .append(r.client())
          .append(" | ")
          .append(name(r.variant()))
          .append(" | ")
          .append(f0(m.mainMs()))
          .append(" | ")
          .append(f0(m.callMs()))
          .append(" [")
          .append(f0(r.callP25()))
          .append(", ")
          .append(f0(r.callP75()))
          .append("] | ")
          .append(f0(m.exitMs()))
          .append(" | ")
          .append(f0(m.cpuMs()))
          .append(" | ")
          .append(base ? "" : signed(d.mainMs()))
          .append(" | ")
          .append(
              base
                  ? ""
                  : signed(d.callMs())
                      + " ["
                      + signed(r.deltaCallP25())
                      + ", "
                      + signed(r.deltaCallP75())
                      + "]")
          .append(" | ")
          .append(base ? "" : signed(d.exitMs()))
          .append(" | ")
          .append(base ? "" : signed(d.cpuMs()))
          .append(" | ")
          .append(Double.isNaN(m.premainUs()) ? "" : f0(m.premainUs()))
          .append(" | ")
          .append(r.classes())
          .append(r.reboundClasses() > 0 ? " (" + r.reboundClasses() + ")" : "")
          .append(" | ")
          .append(r.verdict())
          .append(" |\n");
    }
    md.append("\nTargets (issue #12): with Rebound, the first call within +")
        .append(f0(PASSTHROUGH_TARGET_MS))
        .append(" ms of no agent when it is not managed and within +")
        .append(f0(MANAGED_TARGET_MS))
        .append(
            " ms when it is (engine, classifier and metrics log started by that call); premain"
                + " under ")
        .append(f0(PREMAIN_TARGET_US / 1000))
        .append(
            " ms (its own figure, from `-Drebound.log=debug`, which both Rebound variants run"
                + " with: from the JVM's call of premain to its return, the loading of Rebound's"
                + " classes included). A first call marked ? missed by its median but met in its best quarter"
                + " of runs: the machine was too busy to tell. CPU: user + system time of the whole"
                + " process (every thread) read just before it exits. Classes: loaded by the"
                + " untimed launch (`-Xlog:class+load`).\n");
    List<String> foreign =
        rows.stream()
            .filter(r -> !r.foreignStderr().isEmpty())
            .map(
                r ->
                    r.jdk()
                        + " "
                        + r.client()
                        + " "
                        + r.variant()
                        + ": `"
                        + r.foreignStderr()
                        + "`")
            .toList();
    md.append(
        foreign.isEmpty()
            ? "Stderr: with Rebound, no line but Rebound's own `rebound: ` ones and those the"
                + " application prints without an agent.\n"
            : "Stderr lines with Rebound that are neither Rebound's own nor printed without an"
                + " agent: "
                + String.join("; ", foreign)
                + "\n");
    return md.toString();
  }

  static List<Object> json(List<Row> rows) {
    List<Object> list = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("jdk", r.jdk());
      row.put("client", r.client());
      row.put("variant", r.variant());
      row.put("median", launchJson(r.median()));
      row.put("delta", launchJson(r.delta()));
      row.put("first_call_p25_ms", r.callP25());
      row.put("first_call_p75_ms", r.callP75());
      row.put("delta_first_call_p25_ms", r.deltaCallP25());
      row.put("delta_first_call_p75_ms", r.deltaCallP75());
      row.put("classes", r.classes());
      row.put("rebound_classes", r.reboundClasses());
      row.put("foreign_stderr", r.foreignStderr());
      row.put("target", r.verdict());
      list.add(row);
    }
    return list;
  }

  private static Map<String, Object> launchJson(Launch l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("main_ms", l.mainMs());
    m.put("first_call_ms", l.callMs());
    m.put("exit_ms", l.exitMs());
    m.put("cpu_ms", l.cpuMs());
    m.put("premain_us", l.premainUs());
    return m;
  }

  private static String name(String variant) {
    return switch (variant) {
      case "none" -> "no agent";
      case "empty" -> "empty -javaagent";
      case "transformer" -> "no-op transformer";
      case "passthrough" -> "Rebound, not managed";
      case "managed" -> "Rebound, managed";
      case "otel" -> "OpenTelemetry " + System.getProperty("bench.otel.version", "");
      default -> variant;
    };
  }

  private static String f0(double d) {
    return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.0f", d);
  }

  private static String signed(double d) {
    return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%+.0f", d);
  }
}
