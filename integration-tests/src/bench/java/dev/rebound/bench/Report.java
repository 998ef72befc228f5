package dev.rebound.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results as a markdown table (printed, and pasted into the README) and as JSON. */
record Report(
    Instant date,
    Machine machine,
    BenchOptions options,
    Faults faults,
    List<Overhead.Row> overhead,
    List<SteadyState.Row> steady,
    List<Startup.Row> startup,
    List<Faults.Row> faultRows,
    Outages outages,
    List<Outages.Row> outageRows,
    double seconds) {

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("Measured ")
        .append(date.toString(), 0, 10)
        .append(" on ")
        .append(machine.cpu())
        .append(", ")
        .append(machine.cores())
        .append(" cores, ")
        .append(machine.os())
        .append(", ")
        .append(machine.jvm())
        .append("; load average (1, 5, 15 min) ")
        .append(machine.loadBefore())
        .append(" before, ")
        .append(machine.loadAfter())
        .append(" after; whole run ")
        .append(f0(seconds))
        .append(" s.\n");
    if (!overhead.isEmpty()) {
      md.append("\n**Overhead per call** (loopback server, ~1 KB completion; ")
          .append(options.rounds())
          .append(" rounds of fresh JVMs, modes interleaved, ")
          .append(options.warmupMs())
          .append(" ms warm-up, ")
          .append(options.measureMs())
          .append(
              " ms per phase; medians over rounds, × = median of per-round ratios to no agent)\n\n");
      md.append(
          "| client | mode | median µs | p99 µs | calls/s 1 thread | calls/s 4 threads | bytes/call | CPU µs/call | of it Rebound's threads | median × | p99 × | 1 thread × | 4 threads × | CPU × | Δ median µs | Δ CPU µs | target |\n");
      md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
      for (Overhead.Row r : overhead) {
        Overhead.Sample m = r.median();
        Overhead.Sample x = r.ratio();
        boolean base = r.mode().equals("none");
        md.append("| ")
            .append(r.client())
            .append(" | ")
            .append(r.mode())
            .append(" | ")
            .append(f1(m.medianUs()))
            .append(" | ")
            .append(f1(m.p99Us()))
            .append(" | ")
            .append(f0(m.thr1()))
            .append(" | ")
            .append(f0(m.thr4()))
            .append(" | ")
            .append(f0(m.alloc()))
            .append(" | ")
            .append(f1(m.cpuUs()))
            .append(" | ")
            .append(base && m.agentCpuUs() == 0 ? "" : f1(m.agentCpuUs()))
            .append(" | ")
            .append(base ? "" : f3(x.medianUs()))
            .append(" | ")
            .append(base ? "" : f3(x.p99Us()))
            .append(" | ")
            .append(base ? "" : f3(x.thr1()))
            .append(" | ")
            .append(base ? "" : f3(x.thr4()))
            .append(" | ")
            .append(base ? "" : f3(x.cpuUs()))
            .append(" | ")
            .append(base ? "" : f1(r.deltaUs()))
            .append(" | ")
            .append(base ? "" : f1(r.deltaCpuUs()))
            .append(" | ")
            .append(r.verdict())
            .append(" |\n");
      }
      md.append(
          "\nTargets: passthrough (agent on, host not managed) within 2% of no agent; managed (success on the first"
              + " attempt) within 5% or 30 µs; checked on the median latency and both throughputs. A miss marked ? is"
              + " within the spread of the no-agent JVMs over rounds: the machine was too busy to tell. CPU µs/call"
              + " counts the measured JVM's own threads (callers, client, agent; not JIT or GC), the figure least moved"
              + " by other load; Rebound's threads (the metrics writer, the meters) are part of it, shown apart. Δ CPU µs is"
              + " the median over rounds of the difference to the no-agent JVM of the same round: issue #12's per-call"
              + " target (10 µs for a managed call).\n");
    }
    if (!steady.isEmpty()) {
      md.append(SteadyState.markdown(steady, options));
    }
    if (!startup.isEmpty()) {
      md.append(Startup.markdown(startup, options));
    }
    if (!faultRows.isEmpty()) {
      md.append("\n**Under faults** (OpenRouter-like server, seed ")
          .append(options.seed())
          .append("; phase faults: ")
          .append(options.faultCalls())
          .append(" calls, ")
          .append(f0(faults.faultRate() * 100))
          .append("% of attempts on the primary fail (gateway 429 with retry-after ")
          .append(faults.retryAfterSeconds())
          .append(" s, upstream 429, 502, 503); phase outage: ")
          .append(options.outageCalls())
          .append(" calls, the primary always fails, the second model is healthy; ")
          .append(options.faultThreads())
          .append(" application threads)\n\n");
      md.append(
          "| client | phase | success | requests/call | requests failed | early retries | in limit window | p50 ms | p99 ms | target |\n");
      md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
      for (Faults.Row r : faultRows) {
        md.append("| ")
            .append(r.variant())
            .append(" | ")
            .append(r.phase())
            .append(" | ")
            .append(f1(r.successRate() * 100))
            .append("% | ")
            .append(String.format(Locale.ROOT, "%.2f", r.amplification()))
            .append(" | ")
            .append(f0(r.faulted() * 100))
            .append("% | ")
            .append(r.earlyRetries())
            .append(" | ")
            .append(r.inLimitWindow())
            .append(" | ")
            .append(f0(r.p50Ms()))
            .append(" | ")
            .append(f0(r.p99Ms()))
            .append(" | ")
            .append(r.verdict())
            .append(" |\n");
      }
      md.append(
          "\nEarly retries: requests of a call that reached the server before the `retry-after` of an earlier answer"
              + " to that call had passed. Requests failed: the share the server answered with a fault; the seed decides it for every client alike, so with few calls it can stray from the configured rate (then so does requests/call: at best 1 / (1 − share)). In limit window: requests of other calls that arrived while a gateway rate limit"
              + " announced more than 50 ms earlier was in force (a real gateway rejects them too; the server here does not,"
              + " so every client meets the same faults). Targets with Rebound: 100% success, ≤ 1.3 requests per call at"
              + " 20% faults, no early retry.\n");
    }
    if (!outageRows.isEmpty()) {
      md.append("\n**Limit windows and outages** (calls arriving at ")
          .append(f0(outages.rate()))
          .append(
              "/s, each on a thread of its own; window: every request gets a host-wide gateway 429 for ")
          .append(outages.windowMillis())
          .append(" ms, twice; outage: both models answer 503s and HTML 502s for ")
          .append(outages.outageMillis())
          .append(
              " ms; Rebound with the second model as fallback and `rebound.breaker.open-duration=")
          .append(outages.openDuration())
          .append("`, other settings default)\n\n");
      md.append(
          "| client | window: success | requests into windows | moved to fallback | outage: calls started | their success"
              + " | requests into the outage per call | return → first success ms | target |\n");
      md.append("|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
      for (Outages.Row r : outageRows) {
        md.append("| ")
            .append(r.variant())
            .append(" | ")
            .append(f1(r.windowSuccess() * 100))
            .append("% | ")
            .append(r.intoWindows())
            .append(" | ")
            .append(r.movedToFallback())
            .append(" | ")
            .append(r.outageCalls())
            .append(" | ")
            .append(f1(r.outageSuccess() * 100))
            .append("% | ")
            .append(String.format(Locale.ROOT, "%.3f", r.requestsPerOutageCall()))
            .append(" | ")
            .append(f0(r.recoveryMs()))
            .append(" | ")
            .append(r.verdict())
            .append(" |\n");
      }
      md.append(
          "\nRequests into windows: requests that reached the server inside a window, more than 50 ms after"
              + " its first 429 was answered. Moved to fallback: calls of the window phase answered by the second model (the primary was healthy"
              + " outside the windows). The outage columns count the calls that started during the outage; requests into"
              + " the outage are every request the server got during it, divided by those calls. Targets with Rebound"
              + " (issue #18): ≥ 90% of the outage's calls succeed, ≤ 0.1 requests per such call, the first success within"
              + " one open time of the provider's return, no call moved to the fallback by a gateway limit.\n");
    }
    return md.toString();
  }

  String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("date", date.toString());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu", machine.cpu());
    m.put("cores", machine.cores());
    m.put("os", machine.os());
    m.put("jvm", machine.jvm());
    m.put("load_before", machine.loadBefore());
    m.put("load_after", machine.loadAfter());
    root.put("machine", m);
    root.put(
        "settings",
        Map.of(
            "parts",
            options.parts(),
            "clients",
            options.clients(),
            "rounds",
            options.rounds(),
            "warmup_ms",
            options.warmupMs(),
            "measure_ms",
            options.measureMs(),
            "startup_runs",
            options.startupRuns(),
            "fault_calls",
            options.faultCalls(),
            "outage_calls",
            options.outageCalls(),
            "fault_threads",
            options.faultThreads(),
            "seed",
            options.seed()));
    root.put("seconds", seconds);
    List<Object> o = new ArrayList<>();
    for (Overhead.Row r : overhead) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("client", r.client());
      row.put("mode", r.mode());
      row.put("median_us", r.median().medianUs());
      row.put("p99_us", r.median().p99Us());
      row.put("calls_per_s_1_thread", r.median().thr1());
      row.put("calls_per_s_4_threads", r.median().thr4());
      row.put("bytes_per_call", r.median().alloc());
      row.put("no_agent_spread", r.noise());
      row.put("cpu_us_per_call", r.median().cpuUs());
      row.put("agent_threads_cpu_us_per_call", r.median().agentCpuUs());
      if (!r.mode().equals("none")) {
        row.put(
            "ratio",
            Map.of(
                "median",
                r.ratio().medianUs(),
                "p99",
                r.ratio().p99Us(),
                "thr1",
                r.ratio().thr1(),
                "thr4",
                r.ratio().thr4(),
                "bytes",
                r.ratio().alloc(),
                "cpu",
                r.ratio().cpuUs()));
        row.put("delta_median_us", r.deltaUs());
        row.put("delta_cpu_us", r.deltaCpuUs());
        row.put("target", r.verdict());
      }
      o.add(row);
    }
    root.put("overhead", o);
    root.put("steady", SteadyState.json(steady));
    root.put("startup", Startup.json(startup));
    List<Object> f = new ArrayList<>();
    for (Faults.Row r : faultRows) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("client", r.variant());
      row.put("phase", r.phase());
      row.put("calls", r.calls());
      row.put("success_rate", r.successRate());
      row.put("requests_per_call", r.amplification());
      row.put("requests_failed", r.faulted());
      row.put("early_retries", r.earlyRetries());
      row.put("in_limit_window", r.inLimitWindow());
      row.put("p50_ms", r.p50Ms());
      row.put("p99_ms", r.p99Ms());
      row.put("target", r.verdict());
      f.add(row);
    }
    root.put("faults", f);
    List<Object> w = new ArrayList<>();
    for (Outages.Row r : outageRows) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("client", r.variant());
      row.put("window_calls", r.windowCalls());
      row.put("window_success_rate", r.windowSuccess());
      row.put("requests_into_windows", r.intoWindows());
      row.put("moved_to_fallback", r.movedToFallback());
      row.put("outage_calls", r.outageCalls());
      row.put("outage_success_rate", r.outageSuccess());
      row.put("requests_into_outage_per_call", r.requestsPerOutageCall());
      row.put("recovery_ms", r.recoveryMs());
      row.put("target", r.verdict());
      w.add(row);
    }
    root.put("outages", w);
    return Json.write(root);
  }

  private static String f0(double d) {
    return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.0f", d);
  }

  private static String f1(double d) {
    return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.1f", d);
  }

  private static String f3(double d) {
    return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.3f", d);
  }
}
