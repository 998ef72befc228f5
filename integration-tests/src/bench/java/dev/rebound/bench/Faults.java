package dev.rebound.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Part 3: an application under faults, four ways: the OpenAI SDK with its own retries, a
 * hand-written backoff loop that honors {@code Retry-After}, and both with Rebound (fallback to a
 * healthy second model). Phase "faults": a share of the primary's attempts fail; phase "outage":
 * every attempt on the primary fails. What the server saw is the judge: requests per logical call,
 * and requests that came before a {@code retry-after} the server had sent had passed.
 */
final class Faults {
  static final String PRIMARY = "openai/gpt-4o";
  static final String SECOND = "anthropic/claude-sonnet-4.5";
  static final List<String> VARIANTS = List.of("sdk", "backoff", "sdk+rebound", "backoff+rebound");

  /**
   * A request this soon after a gateway 429 may have been on its way before the 429 was: not
   * counted.
   */
  private static final long GRACE_NANOS = 50_000_000L;

  /** One variant in one phase. */
  record Row(
      String variant,
      String phase,
      int calls,
      double successRate,
      double amplification,
      double faulted,
      int earlyRetries,
      int inLimitWindow,
      double p50Ms,
      double p99Ms,
      String verdict) {}

  /** One logical call as the application saw it. */
  private record Call(String id, boolean ok, long micros) {}

  private final BenchOptions options;
  private final double faultRate =
      Double.parseDouble(System.getProperty("bench.faults.rate", "0.2"));
  private final int retryAfterSeconds = Integer.getInteger("bench.faults.retry-after", 1);

  Faults(BenchOptions options) {
    this.options = options;
  }

  double faultRate() {
    return faultRate;
  }

  int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  List<Row> run() throws Exception {
    List<Row> rows = new ArrayList<>();
    for (String variant : VARIANTS) {
      try (FaultServer server =
          new FaultServer(PRIMARY, options.seed(), faultRate, retryAfterSeconds)) {
        long start = System.nanoTime();
        List<Call> calls = runProbe(variant, server);
        List<FaultServer.Hit> hits = server.hits();
        writeHits(variant, hits);
        for (String phase : List.of("faults", "outage")) {
          Row row = row(variant, phase, calls, hits);
          rows.add(row);
          Bench.log(
              "faults %-16s %-7s success %.1f%%, %.2f requests/call (%.0f%% failed), %d early, %d in window, p50 %.0f ms, p99 %.0f ms",
              variant,
              phase,
              row.successRate() * 100,
              row.amplification(),
              row.faulted() * 100,
              row.earlyRetries(),
              row.inLimitWindow(),
              row.p50Ms(),
              row.p99Ms());
        }
        Bench.log("faults %-16s took %.1f s", variant, (System.nanoTime() - start) / 1e9);
      }
    }
    return rows;
  }

  private List<Call> runProbe(String variant, FaultServer server) throws Exception {
    List<String> flags = new ArrayList<>();
    if (variant.endsWith("+rebound")) {
      Path metrics =
          Files.createDirectories(options.out().resolve("metrics"))
              .resolve("faults-" + variant.replace('+', '-') + ".jsonl");
      Files.deleteIfExists(metrics);
      flags.addAll(
          Fork.agentFlags(
              "rebound",
              server.hostAndPort(),
              metrics,
              List.of("-Drebound.fallback.models=" + SECOND)));
    }
    // The SDK and its dependencies: this harness's own (test) class path.
    List<Path> cp =
        Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Paths::get)
            .toList();
    Fork.Output out =
        new Fork(
                flags,
                cp,
                FaultProbe.class.getName(),
                variant.replace("+rebound", ""),
                server.baseUrl(),
                PRIMARY,
                Integer.toString(options.faultCalls()),
                Integer.toString(options.outageCalls()),
                Integer.toString(options.faultThreads()))
            .run(600);
    List<Call> calls = new ArrayList<>();
    for (String line : out.stdout().split("\n")) {
      if (line.startsWith("CALL ")) {
        String[] f = line.split(" ");
        calls.add(new Call(f[1], f[2].equals("1"), Long.parseLong(f[3])));
      }
    }
    return calls;
  }

  /** Every request the server saw, for a look at what the figures are made of. */
  private void writeHits(String variant, List<FaultServer.Hit> hits) throws java.io.IOException {
    StringBuilder csv = new StringBuilder("ms,call,model,status,retry_after_until_ms\n");
    long t0 = hits.stream().mapToLong(FaultServer.Hit::nanos).min().orElse(0);
    for (FaultServer.Hit h : sorted(hits)) {
      csv.append(
          String.format(
              java.util.Locale.ROOT,
              "%.3f,%s,%s,%d,%s%n",
              (h.nanos() - t0) / 1e6,
              h.callId(),
              h.model(),
              h.status(),
              h.notBeforeNanos() == 0
                  ? ""
                  : String.format(java.util.Locale.ROOT, "%.3f", (h.notBeforeNanos() - t0) / 1e6)));
    }
    Files.writeString(
        options.out().resolve("faults-" + variant.replace('+', '-') + "-requests.csv"), csv);
  }

  private Row row(
      String variant, String phase, List<Call> allCalls, List<FaultServer.Hit> allHits) {
    String prefix = phase + "-";
    List<Call> calls = allCalls.stream().filter(c -> c.id().startsWith(prefix)).toList();
    List<FaultServer.Hit> hits =
        allHits.stream().filter(h -> h.callId().startsWith(prefix)).toList();
    int n = calls.size();
    double success = n == 0 ? Double.NaN : calls.stream().filter(Call::ok).count() / (double) n;
    double amplification = n == 0 ? Double.NaN : hits.size() / (double) n;
    // The share of requests the server failed: with few calls, the seed's draw, not the configured
    // rate, is what a client had to get through (1 / (1 - share) requests per call at best).
    double faulted =
        hits.isEmpty()
            ? Double.NaN
            : hits.stream().filter(h -> h.status() != 200).count() / (double) hits.size();
    List<Double> ms = calls.stream().map(c -> c.micros() / 1000.0).toList();
    int early = earlyRetries(hits);
    int inWindow = inLimitWindow(hits, allHits);
    String verdict =
        variant.endsWith("+rebound") ? verdict(phase, success, amplification, early) : "";
    return new Row(
        variant,
        phase,
        n,
        success,
        amplification,
        faulted,
        early,
        inWindow,
        Stats.percentileOf(ms, 50),
        Stats.percentileOf(ms, 99),
        verdict);
  }

  /**
   * Requests of a call that arrived before the wait an earlier answer to the same call asked for.
   */
  static int earlyRetries(List<FaultServer.Hit> hits) {
    Map<String, Long> notBefore = new HashMap<>();
    int early = 0;
    for (FaultServer.Hit h : sorted(hits)) {
      Long until = notBefore.get(h.callId());
      if (until != null && h.nanos() < until) {
        early++;
      }
      if (h.notBeforeNanos() > 0) {
        notBefore.merge(h.callId(), h.notBeforeNanos(), Math::max);
      }
    }
    return early;
  }

  /**
   * Requests of other calls that arrived while a gateway (account-wide) rate limit was in force,
   * later than {@link #GRACE_NANOS} after the 429 that announced it: a real gateway rejects these
   * too.
   */
  static int inLimitWindow(List<FaultServer.Hit> hits, List<FaultServer.Hit> all) {
    List<FaultServer.Hit> limits = all.stream().filter(h -> h.notBeforeNanos() > 0).toList();
    int count = 0;
    for (FaultServer.Hit h : hits) {
      for (FaultServer.Hit limit : limits) {
        if (!limit.callId().equals(h.callId())
            && h.nanos() > limit.nanos() + GRACE_NANOS
            && h.nanos() < limit.notBeforeNanos()) {
          count++;
          break;
        }
      }
    }
    return count;
  }

  /**
   * The targets with Rebound: all calls succeed, ≤ 1.3 requests per call at 20% faults, no
   * early retry.
   */
  private static String verdict(String phase, double success, double amplification, int early) {
    List<String> missed = new ArrayList<>();
    if (success < 1.0) {
      missed.add("success");
    }
    if (phase.equals("faults") && amplification > 1.3) {
      missed.add("amplification");
    }
    if (early > 0) {
      missed.add("early retries");
    }
    return missed.isEmpty() ? "met" : "missed (" + String.join(", ", missed) + ")";
  }

  private static List<FaultServer.Hit> sorted(List<FaultServer.Hit> hits) {
    return hits.stream().sorted(Comparator.comparingLong(FaultServer.Hit::nanos)).toList();
  }
}
