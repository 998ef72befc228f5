package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.faults.FaultAgent;
import dev.rebound.it.support.Awaits;
import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.ScriptedLlmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fail-open (issue #13): a fault inside Rebound once the final attempt's answer is in (its response
 * headers cannot be made) leaves the application with that attempt's real response, without
 * Rebound's headers, and no extra request; one before any attempt sends the request once, as the
 * application built it. Never an exception made by Rebound. Injected by a second agent that makes
 * one of Rebound's own methods throw, on every client.
 */
class FailOpenIT {
  private static final String PATH = "/api/v1/chat/completions";
  private static final String DOWN = "{\"error\":{\"code\":503,\"message\":\"down\"}}";
  private static final String BAD_REQUEST =
      "{\"error\":{\"message\":\"Invalid value for 'temperature'\",\"type\":"
          + "\"invalid_request_error\",\"param\":\"temperature\",\"code\":null}}";
  private static final Pattern AGENT_ERROR = Pattern.compile("\"agent_errors\":[1-9]");

  static Stream<ClientProbe> clients() {
    return Stream.of(
        ClientProbe.okHttp(4, "sync"),
        ClientProbe.okHttp(4, "async"),
        ClientProbe.jdkClient(17, "sync"),
        ClientProbe.jdkClient(17, "async"),
        ClientProbe.apache4(),
        ClientProbe.apache5Classic(),
        ClientProbe.apache5Async(),
        ClientProbe.reactorNetty("13"),
        ClientProbe.vertx(5),
        ClientProbe.vertx52(),
        ClientProbe.vertx(4));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void aFaultInsideReboundAfterTheLastAttemptGivesTheApplicationThatAttempt(ClientProbe client)
      throws Exception {
    Path metrics = Files.createTempDirectory("rebound-it").resolve("metrics.jsonl");
    try (ScriptedLlmServer server = new ScriptedLlmServer();
        ProbeProcess probe =
            start(
                client, server, metrics, "dev.rebound.agent.engine.ResponseHeaders#forResponse")) {
      server.enqueue(503, DOWN);
      server.enqueue(200, Bodies.COMPLETION);

      ProbeProcess.Result r =
          probe.call("call-" + client.mode, server.url(PATH), Bodies.chatRequest("openai/gpt-4o"));

      assertThat(r.status()).as(r.error()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(Bodies.COMPLETION);
      assertThat(r.header("x-rebound-attempts")).as("Rebound's headers could not be made").isNull();
      assertThat(server.received()).as("the retry went, and nothing more").hasSize(2);
      Awaits.until(
          () -> AGENT_ERROR.matcher(LlmClientScenarios.read(metrics)).find(),
          Duration.ofSeconds(10),
          "a summary counting the agent error");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void aFaultInsideReboundBeforeAnyAttemptSendsTheRequestOnceAsBuilt(ClientProbe client)
      throws Exception {
    Path metrics = Files.createTempDirectory("rebound-it").resolve("metrics.jsonl");
    try (ScriptedLlmServer server = new ScriptedLlmServer();
        ProbeProcess probe =
            start(client, server, metrics, "dev.rebound.agent.engine.RequestFacts#of")) {
      // An answer no client repeats by itself: what the application gets is the server's own.
      server.enqueue(400, BAD_REQUEST);
      String request = Bodies.chatRequest("openai/gpt-4o");

      ProbeProcess.Result r = probe.call("call-" + client.mode, server.url(PATH), request);

      assertThat(r.status()).as(r.error()).isEqualTo(400);
      assertThat(r.body()).isEqualTo(BAD_REQUEST);
      assertThat(r.header("x-rebound-attempts")).isNull();
      assertThat(server.received())
          .extracting(ScriptedLlmServer.Received::body)
          .containsExactly(request);
      Awaits.until(
          () -> AGENT_ERROR.matcher(LlmClientScenarios.read(metrics)).find(),
          Duration.ofSeconds(10),
          "a summary counting the agent error");
    }
  }

  /**
   * The client's probe with Rebound, and the fault agent breaking {@code method} inside Rebound.
   */
  private static ProbeProcess start(
      ClientProbe client, ScriptedLlmServer server, Path metrics, String method) throws Exception {
    List<Path> classPath = new ArrayList<>(client.classPath());
    classPath.add(FaultAgent.byteBuddy());
    return ProbeProcess.start(
        client.mainClass,
        classPath,
        Map.of(
            "rebound.hosts",
            server.hostAndPort(),
            "rebound.retry.base-delay",
            "10ms",
            "rebound.metrics.interval",
            "1s",
            "rebound.metrics.file",
            metrics.toString()),
        ProbeProcess.currentJava(),
        // The app's Byte Buddy (1.14) reads a JDK newer than it knows only when told to.
        List.of(
            "-javaagent:" + FaultAgent.jar() + "=" + method, "-Dnet.bytebuddy.experimental=true"));
  }
}
