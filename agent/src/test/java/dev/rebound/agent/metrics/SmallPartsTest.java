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
        java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    java.util.SplittableRandom random = new java.util.SplittableRandom(8);
    long[] fixed = {
      0,
      1,
      999,
      1000,
      -1,
      -999,
      -1000,
      -1001,
      1_783_519_680_000L,
      253_402_300_799_999L,
      253_402_300_800_000L
    };
    for (long millis : fixed) {
      assertThat(JsonFields.timestamp(millis))
          .isEqualTo(reference.format(Instant.ofEpochMilli(millis)));
    }
    for (int i = 0; i < 10_000; i++) {
      long millis = random.nextLong(-5_000_000_000_000L, 5_000_000_000_000L);
      // Twice: once formatting the second, once from the cache.
      assertThat(JsonFields.timestamp(millis))
          .isEqualTo(reference.format(Instant.ofEpochMilli(millis)));
      assertThat(JsonFields.timestamp(millis + 1))
          .isEqualTo(reference.format(Instant.ofEpochMilli(millis + 1)));
    }
    Instant withNanos = Instant.parse("2026-11-25T10:00:00.123999999Z");
    assertThat(JsonFields.timestamp(withNanos)).isEqualTo("2026-11-25T10:00:00.123Z");
  }

  @Test
  void writesEveryStringAsValidJsonAndUtf8() throws Exception {
    com.fasterxml.jackson.core.JsonFactory factory = new com.fasterxml.jackson.core.JsonFactory();
    java.util.SplittableRandom random = new java.util.SplittableRandom(8);
    String alphabet =
        "aZ09 \"\\/\n\r\t\b\f\u0000\u001f\u007f\u00e9\u07ff\u0800\u20ac\uffff\ud83d\ude00";
    for (int i = 0; i < 2_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(12); n > 0; n--) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String value = text.toString();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      new JsonLine()
          .reset()
          .startObject()
          .text(value, value)
          .millis("ms", 1.25)
          .endObject()
          .writeTo(out);
      byte[] line = out.toByteArray();
      java.nio.charset.StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(line)); // throws on malformed UTF-8
      try (com.fasterxml.jackson.core.JsonParser parser = factory.createParser(line)) {
        parser.nextToken();
        assertThat(parser.nextFieldName()).isEqualTo(wellFormed(value));
        assertThat(parser.nextTextValue()).isEqualTo(wellFormed(value));
        assertThat(parser.nextFieldName()).isEqualTo("ms");
        parser.nextToken();
        assertThat(parser.getDoubleValue()).isEqualTo(1.3);
      }
    }
  }

  @Test
  void replacesOnlyUnpairedSurrogates() {
    assertThat(new JsonLine().element("a\ud83d\ude00b").toString()).isEqualTo("\"a\ud83d\ude00b\"");
    assertThat(new JsonLine().element("a\ud83db\ude00").toString()).isEqualTo("\"a\uFFFDb\uFFFD\"");
  }

  private static String wellFormed(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        out.append(c).append(value.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
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
