package dev.rebound.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The queue, value formats and rounding. */
class SmallPartsTest {

  private static final LogEntry ENTRY = new LogEntry.Call(Calls.success("m", 1.0));

  @Test
  void queueRefusesEntriesBeyondItsCapacityUntilOneIsTaken() {
    EntryQueue queue = new EntryQueue(2);

    boolean first = queue.offer(ENTRY);
    boolean second = queue.offer(ENTRY);
    boolean third = queue.offer(ENTRY);
    queue.poll();
    boolean fourth = queue.offer(ENTRY);

    assertThat(first).isTrue();
    assertThat(second).isTrue();
    assertThat(third).isFalse();
    assertThat(fourth).isTrue();
  }

  @Test
  void queueAlwaysTakesSummariesAndStartRecords() {
    EntryQueue queue = new EntryQueue(1);
    queue.offer(ENTRY);

    queue.offerAlways(ENTRY);

    assertThat(queue.poll()).isSameAs(ENTRY);
    assertThat(queue.poll()).isSameAs(ENTRY);
    assertThat(queue.poll()).isNull();
  }

  @Test
  void queueRejectsACapacityBelowOne() {
    assertThatThrownBy(() -> new EntryQueue(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be >= 1: 0");
  }

  @Test
  @Timeout(5)
  void awaitReturnsAtOnceAfterAWakeUp() {
    EntryQueue queue = new EntryQueue(1);
    queue.consumer(Thread.currentThread());

    queue.wakeUp();
    queue.await(Long.MAX_VALUE);
  }

  @Test
  @Timeout(5)
  void awaitReturnsAtOnceWhenAnEntryWaits() {
    EntryQueue queue = new EntryQueue(1);
    queue.consumer(Thread.currentThread());

    queue.offer(ENTRY);
    queue.await(Long.MAX_VALUE);
  }

  @Test
  void timestampsAlwaysCarryMilliseconds() {
    assertThat(JsonFields.timestamp(Instant.parse("2026-11-25T10:00:00Z")))
        .isEqualTo("2026-11-25T10:00:00.000Z");
    assertThat(JsonFields.timestamp(Instant.parse("2026-11-25T10:00:00.5Z").toEpochMilli()))
        .isEqualTo("2026-11-25T10:00:00.500Z");
  }

  @Test
  void cachedSecondsFormatLikeTheFormatter() {
    java.time.format.DateTimeFormatter reference =
        java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
    java.util.SplittableRandom random = new java.util.SplittableRandom(8);
    long[] fixed = {0, 1, 999, 1000, -1, -999, -1000, -1001, 1_783_519_680_000L, 253_402_300_799_999L, 253_402_300_800_000L};
    for (long millis : fixed) {
      assertThat(JsonFields.timestamp(millis)).isEqualTo(reference.format(Instant.ofEpochMilli(millis)));
    }
    for (int i = 0; i < 10_000; i++) {
      long millis = random.nextLong(-5_000_000_000_000L, 5_000_000_000_000L);
      // Twice: once formatting the second, once from the cache.
      assertThat(JsonFields.timestamp(millis)).isEqualTo(reference.format(Instant.ofEpochMilli(millis)));
      assertThat(JsonFields.timestamp(millis + 1)).isEqualTo(reference.format(Instant.ofEpochMilli(millis + 1)));
    }
    Instant withNanos = Instant.parse("2026-11-25T10:00:00.123999999Z");
    assertThat(JsonFields.timestamp(withNanos)).isEqualTo("2026-11-25T10:00:00.123Z");
  }

  @Test
  void replacesOnlyUnpairedSurrogates() {
    assertThat(JsonFields.wellFormed("a\ud83d\ude00b")).isEqualTo("a\ud83d\ude00b");
    assertThat(JsonFields.wellFormed("a\ud83db\ude00")).isEqualTo("a\uFFFDb\uFFFD");
    assertThat(JsonFields.wellFormed("plain")).isSameAs("plain");
  }

  @Test
  void roundsDurationsToATenthOfAMillisecond() {
    assertThat(LatencyRecorder.toMicros(2731.44)).isEqualTo(2_731_440);
    assertThat(LatencyRecorder.toMillis(2_731_440)).isEqualTo(2731.4);
    assertThat(LatencyRecorder.toMillis(2_731_450)).isEqualTo(2731.5);
    assertThat(LatencyRecorder.toMicros(-5.0)).isZero();
    assertThat(LatencyRecorder.toMicros(Double.NaN)).isZero();
  }
}
