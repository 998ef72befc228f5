package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An application's own retry strategy, written by itself (not HttpClient's default), retries every
 * 503 twice at once; for a managed call Rebound is the one retry loop (SPEC §2, issue #13): the
 * server sees exactly the attempts Rebound counts, on HttpClient 4.5, 5 classic and 5 async. A call
 * to another host keeps the application's retries, even while a managed call shares its context.
 */
class ApacheOwnRetriesIT {
  private static final String DOWN = "{\"error\":{\"code\":503,\"message\":\"down\"}}";

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "Apache4Probe, httpclient4, sync",
    "Apache5Probe, httpclient5, sync",
    "Apache5AsyncProbe, httpclient5, async"
  })
  void anApplicationsOwnRetryStrategyIsOffForRebouncsAttempts(
      String probe, String jars, String mode) throws Exception {
    try (ScriptedLlmServer llm = new ScriptedLlmServer();
        ScriptedLlmServer other = new ScriptedLlmServer();
        ProbeProcess client =
            ProbeProcess.start(
                "dev.rebound.it.probes." + probe,
                ProbeProcess.clientClassPath(
                    jars.replace(
                            "httpclient4",
                            "httpclient-" + System.getProperty("rebound.httpclient4.version"))
                        .replace(
                            "httpclient5",
                            "httpclient5-" + System.getProperty("rebound.httpclient5.version"))),
                Map.of(
                    "rebound.hosts", llm.hostAndPort(),
                    "rebound.retry.base-delay", "10ms",
                    "probe.customRetry", "true"),
                ProbeProcess.currentJava())) {
      llm.enqueue(503, DOWN);
      llm.enqueue(503, DOWN);
      llm.enqueue(200, Bodies.COMPLETION);

      ProbeProcess.Result managed =
          client.call(
              "post-" + mode,
              llm.url("/api/v1/chat/completions"),
              Bodies.chatRequest("openai/gpt-4o"));

      assertThat(managed.status()).as(managed.error()).isEqualTo(200);
      assertThat(managed.header("x-rebound-attempts")).isEqualTo("3");
      assertThat(llm.received()).hasSize(3);

      other.enqueue(503, DOWN);
      other.enqueue(200, Bodies.COMPLETION);
      ProbeProcess.Result unmanaged =
          client.call("post-" + mode, other.url("/v1/other"), Bodies.chatRequest("openai/gpt-4o"));

      assertThat(unmanaged.status())
          .as("the application's strategy still works elsewhere")
          .isEqualTo(200);
      assertThat(other.received()).hasSize(2);
    }
  }

  /**
   * Rebound's state for an attempt never shows in the application's context (issue #13): a call to
   * another host made through the same {@code HttpContext} while a managed call is in flight keeps
   * the application's own retries.
   */
  @org.junit.jupiter.api.Test
  void aManagedCallLeavesASharedContextAlone() throws Exception {
    try (ScriptedLlmServer llm = new ScriptedLlmServer();
        ScriptedLlmServer other = new ScriptedLlmServer();
        ProbeProcess client =
            ProbeProcess.start(
                "dev.rebound.it.probes.Apache5AsyncProbe",
                ProbeProcess.clientClassPath(
                    "httpclient5-" + System.getProperty("rebound.httpclient5.version")),
                Map.of("rebound.hosts", llm.hostAndPort(), "probe.customRetry", "true"),
                ProbeProcess.currentJava())) {
      llm.delay(1500);
      llm.enqueue(200, Bodies.COMPLETION);
      other.enqueue(503, DOWN);
      other.enqueue(200, Bodies.COMPLETION);

      ProbeProcess.Result r =
          client.call(
              "sharedcontext-async",
              llm.url("/api/v1/chat/completions"),
              Bodies.chatRequest("openai/gpt-4o"),
              "x-probe-other: " + other.url("/v1/other"));

      assertThat(r.header("x-probe-first")).as(r.error()).isEqualTo("200");
      assertThat(r.status()).as("the other call's own retry ran").isEqualTo(200);
      assertThat(other.received()).hasSize(2);
      assertThat(llm.received()).hasSize(1);
      // The probe starts the second call 300 ms after the first: on a slow machine it could come
      // after the first call's answer, and the test would prove nothing. It says so instead.
      long secondAfterFirstMs =
          (other.received().get(0).nanos() - llm.received().get(0).nanos()) / 1_000_000;
      assertThat(secondAfterFirstMs)
          .as("the second call went while the first was in flight")
          .isBetween(0L, 1500L);
    }
  }
}
