package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.probes.MetersProbe;
import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.ScriptedLlmServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §9: a forked application recorded with {@code -XX:StartFlightRecording} shows Rebound's
 * events, in the file and in {@code jfr print --events 'rebound.*'}.
 */
class JfrIT {
  static final String PATH = "/api/v1/chat/completions";

  ScriptedLlmServer server;
  Path dir;

  @BeforeEach
  void start() throws IOException {
    server = new ScriptedLlmServer();
    server.enqueue(503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
    server.enqueue(200, Bodies.COMPLETION);
    dir = Files.createTempDirectory("rebound-jfr");
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void aRecordingOfTheApplicationHoldsCallAttemptsAndBreaker() throws Exception {
    Path recording = dir.resolve("app.jfr");
    ForkedJvm.Result r =
        new ForkedJvm()
            .jvmArg("-XX:StartFlightRecording=filename=" + recording + ",dumponexit=true")
            .withAgent(null)
            .jvmArg("-Drebound.hosts=" + server.hostAndPort())
            .jvmArg("-Drebound.breaker.failure-threshold=1")
            .jvmArg("-Drebound.fallback.models=anthropic/claude-sonnet-4.5")
            .jvmArg("-Drebound.metrics.file=" + dir.resolve("metrics.jsonl"))
            .jvmArg("-cp")
            .jvmArg(Paths.get("target/test-classes").toAbsolutePath().toString())
            .args(MetersProbe.class.getName(), "none", server.url(PATH), body())
            .run();
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("STATUS 200");

    List<RecordedEvent> events =
        RecordingFile.readAllEvents(recording).stream()
            .filter(e -> e.getEventType().getName().startsWith("rebound."))
            .sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime()))
            .toList();
    assertThat(events)
        .extracting(e -> e.getEventType().getName())
        .containsExactly("rebound.Call", "rebound.Attempt", "rebound.Breaker", "rebound.Attempt");
    RecordedEvent call = events.get(0);
    assertThat(call.getString("client")).isEqualTo("jdk");
    assertThat(call.getString("host")).isEqualTo(server.hostAndPort());
    assertThat(call.getString("path")).isEqualTo(PATH);
    assertThat(call.getString("modelRequested")).isEqualTo("openai/gpt-4o");
    assertThat(call.getString("modelUsed")).isEqualTo("anthropic/claude-sonnet-4.5");
    assertThat(call.getString("outcome")).isEqualTo("fallback_success");
    assertThat(call.getInt("status")).isEqualTo(200);
    assertThat(call.getInt("attempts")).isEqualTo(2);
    RecordedEvent failed = events.get(1);
    assertThat(failed.getString("model")).isEqualTo("openai/gpt-4o");
    assertThat(failed.getInt("status")).isEqualTo(503);
    assertThat(failed.getString("classification")).isEqualTo("PROVIDER_UNAVAILABLE");
    assertThat(events.get(2).getString("state")).isEqualTo("open");
    assertThat(events.get(2).getString("model")).isEqualTo("openai/gpt-4o");
    assertThat(events.get(3).getString("classification")).isEqualTo("SUCCESS");
    // The call spans both attempts.
    assertThat(call.getEndTime()).isAfterOrEqualTo(events.get(3).getEndTime());

    String printed = jfrPrint(recording);
    assertThat(printed)
        .contains("rebound.Call {", "rebound.Attempt {", "rebound.Breaker {")
        .contains("modelRequested = \"openai/gpt-4o\"")
        .contains("state = \"open\"");
    Files.writeString(dir.resolve("jfr-print.txt"), printed);
    System.out.println(
        "jfr print --events 'rebound.*' (" + dir.resolve("jfr-print.txt") + "):\n" + printed);
  }

  /** The JDK's own {@code jfr} tool, as a user would run it. */
  static String jfrPrint(Path recording) throws Exception {
    Path jfr = Paths.get(System.getProperty("java.home"), "bin", "jfr");
    Process p =
        new ProcessBuilder(jfr.toString(), "print", "--events", "rebound.*", recording.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  static String body() {
    return Base64.getEncoder()
        .encodeToString(Bodies.chatRequest("openai/gpt-4o").getBytes(StandardCharsets.UTF_8));
  }
}
