package dev.rebound.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Part 2: from launching the JVM to the first completed call, without an agent, with Rebound (the
 * host managed, so the first call goes through the whole engine) and with the OpenTelemetry Java
 * agent for comparison. The variants alternate run by run, in a rotating order; the cost of an
 * agent is the median of its per-run differences to the no-agent run of the same turn.
 */
final class Startup {
  /** One agent's launches. */
  record Row(String agent, double medianMs, double deltaMs, String verdict) {}

  private final BenchOptions options;

  Startup(BenchOptions options) {
    this.options = options;
  }

  List<Row> run() throws Exception {
    String client = System.getProperty("bench.startup.client", "okhttp");
    List<String> agents = new ArrayList<>(List.of("none", "rebound"));
    if (Files.isRegularFile(Path.of(System.getProperty("bench.otel.jar", "")))) {
      agents.add("otel");
    } else {
      Bench.log("startup: no OpenTelemetry agent at %s, measured without it", System.getProperty("bench.otel.jar"));
    }
    Map<String, List<Double>> millis = new LinkedHashMap<>();
    agents.forEach(a -> millis.put(a, new ArrayList<>()));
    Path metrics = Files.createDirectories(options.out().resolve("metrics")).resolve("startup.jsonl");
    try (LoopbackServer server = new LoopbackServer()) {
      // One untimed launch of each first: the OS page cache then holds every jar for all of them.
      for (String agent : agents) {
        launch(client, agent, server, metrics);
      }
      for (int run = 0; run < options.startupRuns(); run++) {
        for (int i = 0; i < agents.size(); i++) {
          String agent = agents.get((i + run) % agents.size());
          double ms = launch(client, agent, server, metrics);
          millis.get(agent).add(ms);
          Bench.log("startup run %d %-8s %.0f ms", run + 1, agent, ms);
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    List<Double> base = millis.get("none");
    for (String agent : agents) {
      List<Double> mine = millis.get(agent);
      List<Double> deltas = new ArrayList<>();
      for (int i = 0; i < mine.size(); i++) {
        deltas.add(mine.get(i) - base.get(i));
      }
      double delta = Stats.median(deltas);
      String verdict = agent.equals("rebound") ? (delta < 150 ? "met" : "missed") : "";
      rows.add(new Row(agent, Stats.median(mine), agent.equals("none") ? 0 : delta, verdict));
    }
    return rows;
  }

  private double launch(String client, String agent, LoopbackServer server, Path metrics) throws Exception {
    List<Path> cp = new ArrayList<>();
    cp.add(options.testClasses());
    cp.addAll(options.clientJars(client));
    Fork fork = new Fork(Fork.agentFlags(agent, server.hostAndPort(), metrics, List.of()), cp,
        StartupProbe.class.getName(), client, server.url());
    long start = System.nanoTime();
    Process p = fork.builder().redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("DONE")) {
        // The OpenTelemetry agent may print its banner first.
      }
      long elapsed = System.nanoTime() - start;
      if (line == null || !line.equals("DONE 200")) {
        throw new IllegalStateException("startup probe with " + agent + " ended with " + line + ": " + fork);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return elapsed / 1e6;
    }
  }
}
