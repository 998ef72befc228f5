package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import dev.rebound.it.support.StallingServer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The network at its worst, for an OkHttp application with the agent: a huge error body, a
 * connection cut mid-body or before the status line, streams that stall. The application gets what
 * it would have got without Rebound, or a clean retry; never a hang or a stack trace of Rebound's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadNetworkIT {
  static final String PATH = "/api/v1/chat/completions";

  ScriptedLlmServer server;
  ProbeProcess probe;

  @BeforeAll
  void start() throws IOException {
    probe =
        ProbeProcess.start(
            "dev.rebound.it.probes.OkHttpProbe",
            ProbeProcess.clientClassPath("okhttp-" + System.getProperty("rebound.okhttp4.version")),
            Map.of(
                // Any port: every test gets a server of its own, since a stalled one stays busy.
                "rebound.hosts", "127.0.0.1",
                "rebound.retry.base-delay", "10ms",
                "rebound.breaker.failure-threshold", "1000",
                "rebound.metrics.file",
                    Files.createTempDirectory("rebound-bad").resolve("m.jsonl").toString(),
                "probe.readTimeoutMs", "1500"),
            ProbeProcess.currentJava());
  }

  @AfterAll
  void stop() throws IOException {
    probe.close();
  }

  @BeforeEach
  void newServer() throws IOException {
    server = new ScriptedLlmServer();
  }

  @AfterEach
  void closeServer() {
    try {
      server.close();
    } catch (IOException stillStalling) {
      // A throttled response is still being written; the server's threads end with the JVM.
    }
  }

  ProbeProcess.Result post(String mode, String body, String... headers) throws IOException {
    return probe.call(mode, server.url(PATH), body, headers);
  }

  @Test
  void aOneMebibyteErrorBodyReachesTheApplicationWhole() throws IOException {
    String huge = "<html><body>" + "x".repeat(1 << 20) + "</body></html>";
    server.enqueue(502, huge);

    ProbeProcess.Result r =
        post("sync", Bodies.chatRequest("openai/gpt-4o"), "x-rebound-retry: off");

    assertThat(r.status()).isEqualTo(502);
    assertThat(r.body()).isEqualTo(huge);
  }

  @Test
  void aHugeErrorBodyIsRetriedLikeAnyOther() throws IOException {
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"" + "y".repeat(1 << 20) + "\"}}");
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = post("sync", Bodies.chatRequest("openai/gpt-4o"));

    assertThat(r.body()).isEqualTo(Bodies.COMPLETION);
  }

  @Test
  void aConnectionCutMidBodyIsRetriedCleanly() throws IOException {
    server.enqueue(
        new MockResponse()
            .setResponseCode(200)
            .setBody(Bodies.COMPLETION + " ".repeat(4096))
            .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = post("sync", Bodies.chatRequest("openai/gpt-4o"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Bodies.COMPLETION);
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void aServerThatClosesBeforeTheStatusLineIsRetried() throws IOException {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
    server.enqueue(200, Bodies.COMPLETION);

    ProbeProcess.Result r = post("async", Bodies.chatRequest("openai/gpt-4o"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Bodies.COMPLETION);
  }

  @Test
  void aStreamThatStallsBeforeContentTimesOutAndIsRetried() throws IOException {
    String ok = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n";
    try (StallingServer stalling =
        new StallingServer(
            List.of(
                new StallingServer.Answer(": OPENROUTER PROCESSING\n\n", 5_000),
                new StallingServer.Answer(ok, 0)))) {

      ProbeProcess.Result r =
          probe.call("stream-sync", stalling.url(PATH), Bodies.streamRequest("openai/gpt-4o"));

      assertThat(r.error()).isNull();
      assertThat(String.join("\n", r.chunks()) + "\n").isEqualTo(ok);
      assertThat(stalling.requests()).isEqualTo(2);
    }
  }

  @Test
  void aStreamThatStallsAfterContentEndsAsItWouldWithoutRebound() throws IOException {
    String first = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n";
    try (StallingServer stalling =
        new StallingServer(List.of(new StallingServer.Answer(first, 5_000)))) {

      ProbeProcess.Result r =
          probe.call("stream-sync", stalling.url(PATH), Bodies.streamRequest("openai/gpt-4o"));

      // The application read the first event, then its own read timeout ended the stream: OkHttp's
      // exception, nothing of Rebound's, and no second request.
      assertThat(r.chunks()).first().isEqualTo(first.trim());
      assertThat(r.error()).startsWith("java.net.SocketTimeoutException");
      assertThat(stalling.requests()).isEqualTo(1);
    }
  }
}
