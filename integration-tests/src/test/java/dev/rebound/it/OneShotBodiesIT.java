package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.Awaits;
import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A one-shot body of unknown length past {@code rebound.max-request-body} (SPEC §2): sent once,
 * whole and intact (what was read, then the rest), and counted as {@code unmanaged_body}; on OkHttp
 * and the JDK client (blocking and asynchronous) and Apache HttpClient 4.5, 5 classic and 5 async
 * (an entity producer of unknown and of known length).
 */
class OneShotBodiesIT {
  private static final String PATH = "/api/v1/chat/completions";

  @Test
  void okHttpSendsABodyPastTheLimitOnceWholeAndCountsIt() throws Exception {
    assertSentOnceWholeAndCounted(
        "dev.rebound.it.probes.OkHttpProbe",
        ProbeProcess.clientClassPath("okhttp-4.12.0"),
        "oneshot",
        "oneshot-async");
  }

  @Test
  void theJdkClientSendsABodyPastTheLimitOnceWholeAndCountsIt() throws Exception {
    assertSentOnceWholeAndCounted(
        "dev.rebound.it.probes.JdkHttpClientProbe",
        ProbeProcess.testClassPath(),
        "oneshot-sync",
        "oneshot-async");
  }

  @Test
  void apacheClassicSendsABodyPastTheLimitOnceWholeAndCountsIt() throws Exception {
    assertSentOnceWholeAndCounted(
        "dev.rebound.it.probes.Apache4Probe",
        ProbeProcess.clientClassPath(
            "httpclient-" + System.getProperty("rebound.httpclient4.version")),
        "oneshot-sync");
    assertSentOnceWholeAndCounted(
        "dev.rebound.it.probes.Apache5Probe",
        ProbeProcess.clientClassPath(
            "httpclient5-" + System.getProperty("rebound.httpclient5.version")),
        "oneshot-sync");
  }

  @Test
  void apacheAsyncSendsABodyPastTheLimitOnceWholeAndCountsIt() throws Exception {
    assertSentOnceWholeAndCounted(
        "dev.rebound.it.probes.Apache5AsyncProbe",
        ProbeProcess.clientClassPath(
            "httpclient5-" + System.getProperty("rebound.httpclient5.version")),
        "oneshot-async",
        "known-async");
  }

  private static void assertSentOnceWholeAndCounted(
      String probeClass, java.util.List<Path> classPath, String... modes) throws Exception {
    Path metrics = Files.createTempDirectory("rebound-it").resolve("metrics.jsonl");
    try (ScriptedLlmServer server = new ScriptedLlmServer();
        ProbeProcess probe =
            ProbeProcess.start(
                probeClass,
                classPath,
                Map.of(
                    "rebound.hosts", server.hostAndPort(),
                    "rebound.max-request-body", "2KiB",
                    "rebound.metrics.file", metrics.toString()),
                ProbeProcess.currentJava())) {
      // A JSON request three times the limit: a long conversation.
      String request =
          Bodies.chatRequest("openai/gpt-4o").replace("Say hi", "Say hi " + "x".repeat(6000));
      for (String mode : modes) {
        server.reset();
        server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");

        ProbeProcess.Result r = probe.call(mode, server.url(PATH), request);

        assertThat(r.status()).as(mode + " " + r.error()).isEqualTo(503);
        assertThat(r.header("x-rebound-attempts")).as(mode).isNull();
        assertThat(server.received()).as(mode).hasSize(1);
        assertThat(server.received().get(0).body()).as(mode).isEqualTo(request);
      }
    }
    // Nothing was managed, so nothing started the log before the JVM ended: its last summary
    // counts.
    Awaits.until(
        () -> unmanagedBodies(metrics) >= modes.length,
        Duration.ofSeconds(15),
        "summaries counting " + modes.length + " unmanaged bodies");
  }

  private static long unmanagedBodies(Path metrics) {
    try {
      return Files.readAllLines(metrics).stream()
          .filter(l -> l.startsWith("{\"type\":\"summary\""))
          .mapToLong(l -> Long.parseLong(l.replaceAll(".*\"unmanaged_body\":(\\d+).*", "$1")))
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }
}
