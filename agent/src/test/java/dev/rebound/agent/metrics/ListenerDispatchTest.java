package dev.rebound.agent.metrics;

import static dev.rebound.agent.metrics.JsonLines.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ReboundListeners found with ServiceLoader through the listener class loader (SPEC §5). */
class ListenerDispatchTest {

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @TempDir Path dir;

  @BeforeEach
  void forgetEarlierCalls() {
    RecordingListener.reset();
  }

  @Test
  void tellsListenersOfEveryCallOnTheWriterThread() throws IOException {
    try (URLClassLoader loader = loaderWithServices(RecordingListener.class.getName())) {
      MetricsLog log = MetricsLog.create(out, true, 100, Duration.ofSeconds(60), clock, loader);

      log.call(Calls.success("m1", 10.0));
      log.call(Calls.fallbackSuccess());
      log.close();

      assertThat(RecordingListener.CALLS)
          .containsExactly(Calls.success("m1", 10.0), Calls.fallbackSuccess());
      assertThat(RecordingListener.THREADS).containsOnly("rebound-metrics");
    }
  }

  @Test
  void listenersAreToldEvenWhenTheLogIsOff() throws IOException {
    try (URLClassLoader loader = loaderWithServices(RecordingListener.class.getName())) {
      MetricsLog log = MetricsLog.open("off", Duration.ofSeconds(60), clock, loader);

      log.call(Calls.success("m1", 10.0));
      log.close();

      assertThat(RecordingListener.CALLS).containsExactly(Calls.success("m1", 10.0));
    }
  }

  @Test
  void countsAThrowingListenerAsAnAgentErrorAndStillTellsTheOthers() throws IOException {
    String services = ThrowingListener.class.getName() + "\n" + RecordingListener.class.getName();
    try (URLClassLoader loader = loaderWithServices(services)) {
      MetricsLog log = MetricsLog.create(out, true, 100, Duration.ofSeconds(60), clock, loader);

      log.call(Calls.success("m1", 10.0));
      log.call(Calls.success("m1", 10.0));
      log.close();

      assertThat(RecordingListener.CALLS).hasSize(2);
      assertThat(summary()).containsEntry("agent_errors", 2L);
    }
  }

  @Test
  void countsAProviderThatCannotBeLoadedAsAnAgentErrorAndLoadsTheOthers() throws IOException {
    String services = "dev.rebound.NoSuchListener\n" + RecordingListener.class.getName();
    try (URLClassLoader loader = loaderWithServices(services)) {
      MetricsLog log = MetricsLog.create(out, true, 100, Duration.ofSeconds(60), clock, loader);

      log.call(Calls.success("m1", 10.0));
      log.close();

      assertThat(RecordingListener.CALLS).hasSize(1);
      assertThat(summary()).containsEntry("agent_errors", 1L);
    }
  }

  @Test
  void loadsListenersOnceAndNotBeforeTheFirstCall() throws IOException {
    try (URLClassLoader loader = loaderWithServices(RecordingListener.class.getName())) {
      MetricsLog log = MetricsLog.create(out, true, 100, Duration.ofSeconds(60), clock, loader);
      log.start("0.1.0", "17", List.of(), Map.of());
      log.passthrough();

      log.call(Calls.success("m1", 10.0));
      log.call(Calls.success("m1", 10.0));
      log.close();

      assertThat(RecordingListener.CALLS).hasSize(2);
      assertThat(summary()).containsEntry("agent_errors", 0L);
    }
  }

  private Map<String, Object> summary() throws IOException {
    return ofType(JsonLines.parse(out.toByteArray()), "summary").get(0);
  }

  /** A class loader over the test classes that adds a services file for ReboundListener. */
  private URLClassLoader loaderWithServices(String providers) throws IOException {
    Path services = dir.resolve("META-INF/services/dev.rebound.api.ReboundListener");
    Files.createDirectories(services.getParent());
    Files.write(services, (providers + "\n").getBytes(StandardCharsets.UTF_8));
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }
}
