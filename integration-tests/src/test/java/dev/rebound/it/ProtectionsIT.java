package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.MixedFaults;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import dev.rebound.it.support.ScriptedLlmServer.Received;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The protections of SPEC §4 under concurrency: many threads of one OkHttp application, in a forked
 * JVM with the agent, against a loopback server.
 */
class ProtectionsIT {
  static final String PATH = "/api/v1/chat/completions";

  ScriptedLlmServer server;
  Path dir;

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedLlmServer();
    dir = Files.createTempDirectory("rebound-load");
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  List<String> load(int calls, int threads, boolean firstSingle, String... settings)
      throws Exception {
    ForkedJvm jvm =
        new ForkedJvm()
            .withAgent(null)
            .jvmArg("-Drebound.hosts=" + server.hostAndPort())
            .jvmArg("-Drebound.metrics.file=" + dir.resolve("metrics.jsonl"))
            .jvmArg("-Xmx256m");
    for (String s : settings) {
      jvm.jvmArg("-D" + s);
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "-cp",
                String.join(
                    File.pathSeparator,
                    ProbeProcess.clientClassPath(
                            "okhttp-" + System.getProperty("rebound.okhttp4.version"))
                        .stream()
                        .map(Path::toString)
                        .toList()),
                "dev.rebound.it.probes.LoadProbe",
                "okhttp",
                server.url(PATH),
                Integer.toString(calls),
                Integer.toString(threads)));
    if (firstSingle) {
      args.add("first");
    }
    ForkedJvm.Result r = jvm.args(args.toArray(new String[0])).run();
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.stdout().lines().toList();
  }

  static String line(List<String> out, String prefix) {
    return out.stream()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError(prefix + " in " + out));
  }

  @Test
  void anOpenCircuitShortCircuitsSixteenThreadsWithoutSending() throws Exception {
    server.always(503, "{\"error\":{\"code\":503,\"message\":\"Service Unavailable\"}}");

    // Calls that may not wait for the probe (rebound.breaker.wait=false) get Rebound's 503 at once.
    List<String> out =
        load(
            64,
            16,
            false,
            "rebound.retry.max-attempts=1",
            "rebound.breaker.failure-threshold=5",
            "rebound.breaker.wait=false");

    // The warm-up's 16 calls include the five failures that open the circuit; once open, the
    // circuit lets nothing through for its 30 s, so the 64 calls after it send nothing at all.
    assertThat(line(out, "OUTCOMES")).contains("503 rebound_circuit_open=64");
    assertThat(server.received().size()).isBetween(5, 16);
  }

  @Test
  void duringAPauseNoRequestReachesTheServer() throws Exception {
    server.enqueue(
        429, Bodies.read("openrouter/429-rate-limit-exceeded-typed.json"), "Retry-After", "2");
    server.always(200, Bodies.COMPLETION);

    List<String> out = load(32, 16, true, "rebound.retry.max-attempts=1");

    assertThat(line(out, "FIRST")).isEqualTo("FIRST 429");
    List<Received> got = server.received();
    long limitedAt = got.get(0).nanos();
    for (Received r : got.subList(1, got.size())) {
      assertThat((r.nanos() - limitedAt) / 1_000_000).isGreaterThanOrEqualTo(1950);
    }
    assertThat(line(out, "OUTCOMES")).isEqualTo("OUTCOMES {200=32}");
  }

  @Test
  void neverMoreThanMaxConcurrencyInFlight() throws Exception {
    server.always(200, Bodies.COMPLETION);
    server.delay(100);

    List<String> out = load(32, 16, false, "rebound.max-concurrency=3");

    assertThat(line(out, "OUTCOMES")).isEqualTo("OUTCOMES {200=32}");
    assertThat(server.maxInFlight()).isBetween(2, 3);
  }

  @Test
  void tenThousandCallsUnderMixedFailuresAreAllAnsweredAndLeaveNothingBehind() throws Exception {
    server.serveWith(new MixedFaults(42));

    // Five failures in a row happen a few times in 10,000 calls: the circuit opens and the calls
    // wait for its probe, 200 ms later, and are released in a slow start.
    List<String> out =
        load(
            10_000,
            32,
            false,
            "rebound.retry.base-delay=1ms",
            "rebound.retry.max-delay=5ms",
            "rebound.breaker.open-duration=200ms");

    assertThat(out).noneMatch(l -> l.startsWith("HUNG"));
    assertThat(line(out, "ANSWERED")).isEqualTo("ANSWERED 10000");
    // No thread left behind: the 32 callers are gone and Rebound started none; OkHttp's own
    // connection-pool task threads come and go as it pleases.
    List<String> before = names(line(out, "THREADS-BEFORE"));
    List<String> after = names(line(out, "THREADS-AFTER"));
    assertThat(after).filteredOn(n -> !before.contains(n)).allMatch(n -> n.startsWith("OkHttp"));
    assertThat(after).noneMatch(n -> n.startsWith("pool-"));
    String[] heap = line(out, "HEAP").split(" ");
    // Back to the baseline: within 16 MiB of it after a full GC (young-generation noise).
    assertThat(Long.parseLong(heap[2]) - Long.parseLong(heap[1])).isLessThan(16L << 20);
  }

  static List<String> names(String line) {
    String list = line.substring(line.indexOf('[') + 1, line.lastIndexOf(']'));
    return List.of(list.split(", "));
  }
}
