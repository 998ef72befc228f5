package dev.rebound.agent.metrics;

import static dev.rebound.agent.metrics.JsonLines.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.rebound.agent.time.Clock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Where the log goes: files, "off", a stuck or broken sink. */
class MetricsLogSinkTest {

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T10:00:00Z"));

  @TempDir Path dir;

  @Test
  @Timeout(10)
  void dropsAndCountsLinesWhileTheWriterIsStuckWithoutBlockingTheCaller() throws Exception {
    StuckSink sink = new StuckSink();
    MetricsLog log = MetricsLog.create(sink, true, 2, Duration.ofSeconds(60), clock, null);
    log.start("0.1.0", "17", List.of(), Map.of());
    sink.entered.await();

    for (int i = 0; i < 5; i++) {
      log.call(Calls.success("m", 10.0));
    }
    log.breaker("h", "m", "open", null);
    sink.release.countDown();
    log.close();

    List<Map<String, Object>> records = JsonLines.parse(sink.written.toByteArray());
    assertThat(ofType(records, "call")).hasSize(2);
    assertThat(ofType(records, "breaker")).isEmpty();
    assertThat(ofType(records, "summary").get(0))
        .containsEntry("calls", 5L)
        .containsEntry("dropped", 4L);
  }

  @Test
  @Timeout(10)
  void stopsWritingAfterTheSinkFailsWithoutThrowingToTheCaller() throws Exception {
    FailingSink sink = new FailingSink();
    MetricsLog log = MetricsLog.create(sink, true, 100, Duration.ofSeconds(60), clock, null);

    log.start("0.1.0", "17", List.of(), Map.of());
    sink.failed.await();
    log.call(Calls.success("m", 10.0));
    log.summaryNow();
    log.close();

    assertThat(log.writerStopped()).isTrue();
    assertThat(sink.attempted.toString(StandardCharsets.UTF_8))
        .startsWith("{\"type\":\"start\"")
        .doesNotContain("\"call\"", "\"summary\"");
  }

  @Test
  void createsANewFileReadableAndWritableByItsOwnerOnly() throws IOException {
    assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
    Path file = dir.resolve("rebound-metrics.jsonl");

    MetricsLog log = MetricsLog.open(file.toString(), Duration.ofSeconds(60), clock, null);
    log.start("0.1.0", "17", List.of("jdk"), Map.of());
    log.close();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(JsonLines.parse(Files.readAllBytes(file)))
        .extracting(r -> r.get("type"))
        .containsExactly("start", "summary");
  }

  @Test
  void aFileThatCannotBeOpenedStopsTheLogAndNothingElse() throws Exception {
    Path file = dir.resolve("no-such-directory").resolve("metrics.jsonl");

    // Opening returns at once: the file is the writer thread's to open, never a caller's.
    MetricsLog log = MetricsLog.open(file.toString(), Duration.ofSeconds(60), clock, null);
    log.start("0.1.0", "17", List.of("jdk"), Map.of());
    log.call(Calls.success("m", 10.0));
    log.close();

    assertThat(log.writerStopped()).isTrue();
    assertThat(file).doesNotExist();
  }

  @Test
  void appendsToAnExistingFile() throws IOException {
    Path file = dir.resolve("metrics.jsonl");
    Files.write(file, "{\"type\":\"start\"}\n".getBytes(StandardCharsets.UTF_8));

    MetricsLog log = MetricsLog.open(file.toString(), Duration.ofSeconds(60), clock, null);
    log.close();

    assertThat(JsonLines.parse(Files.readAllBytes(file)))
        .extracting(r -> r.get("type"))
        .containsExactly("start", "summary");
  }

  @Test
  void offWritesNothingAndStartsNoThread() throws Exception {
    MetricsLog log = MetricsLog.open("off", Duration.ofSeconds(60), Clock.SYSTEM, null);

    log.start("0.1.0", "17", List.of(), Map.of());
    log.call(Calls.success("m", 10.0));
    log.breaker("h", "m", "open", null);
    log.passthrough();
    log.agentError();
    log.unmanagedBody();
    log.budgetDenied();
    log.summaryNow();
    log.close();

    assertThat(log.writerStopped()).isTrue();
    assertThat(Paths.get("off")).doesNotExist();
  }

  @Test
  void namesTheTargetKindInAnyCase() {
    assertThat(LogTarget.kind("off")).isEqualTo(LogTarget.Kind.OFF);
    assertThat(LogTarget.kind(" OFF ")).isEqualTo(LogTarget.Kind.OFF);
    assertThat(LogTarget.kind("stderr")).isEqualTo(LogTarget.Kind.STDERR);
    assertThat(LogTarget.kind("Stderr")).isEqualTo(LogTarget.Kind.STDERR);
    assertThat(LogTarget.kind("rebound-metrics.jsonl")).isEqualTo(LogTarget.Kind.FILE);
  }

  @Test
  void rejectsANonPositiveInterval() {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();

    assertThatThrownBy(() -> MetricsLog.create(sink, true, 1, Duration.ZERO, clock, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval must be > 0: PT0S");
  }

  /** Blocks the first write until released, as a stalled disk would. */
  private static final class StuckSink extends OutputStream {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      written.write(b, off, len);
    }
  }

  /** Fails every write, as a full disk would. */
  private static final class FailingSink extends OutputStream {
    final ByteArrayOutputStream attempted = new ByteArrayOutputStream();
    final CountDownLatch failed = new CountDownLatch(1);

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      attempted.write(b, off, len);
      failed.countDown();
      throw new IOException("No space left on device");
    }
  }
}
