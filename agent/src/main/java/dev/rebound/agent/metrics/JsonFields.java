package dev.rebound.agent.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How values look in the metrics log: timestamps, milliseconds and free text. Stateless and
 * thread-safe.
 */
final class JsonFields {

  // ISO_INSTANT drops ".000" on whole seconds; SPEC §6 shows milliseconds always.
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  /** The formatted second of the latest timestamp: one call record per call all share a few. */
  private record Second(long epochSecond, String text) {}

  // The benchmark (issue #8) found DateTimeFormatter taking a third of the metrics thread's time
  // with one call record per call; formatting each second once makes it a string concatenation.
  private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

  private JsonFields() {}

  static String timestamp(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000L);
    int millis = (int) Math.floorMod(epochMillis, 1000L);
    Second cached = lastSecond;
    if (cached.epochSecond() != second) {
      cached = new Second(second, SECONDS.format(Instant.ofEpochSecond(second)));
      lastSecond = cached;
    }
    char[] fraction = {'.', (char) ('0' + millis / 100), (char) ('0' + millis / 10 % 10), (char) ('0' + millis % 10), 'Z'};
    return cached.text().concat(new String(fraction));
  }

  static String timestamp(Instant instant) {
    long epochMillis;
    try {
      epochMillis = instant.toEpochMilli();
    } catch (ArithmeticException e) {
      return TIMESTAMP.format(instant); // beyond ±292 million years: the slow way
    }
    return timestamp(epochMillis);
  }

  /** A string field; null is written as {@code null}, so the record keeps a fixed shape. */
  static void text(JsonGenerator json, String name, String value) throws IOException {
    json.writeFieldName(name);
    if (value == null) {
      json.writeNull();
    } else {
      json.writeString(wellFormed(value));
    }
  }

  /** A millisecond figure, rounded to 0.1; NaN and infinities, which JSON lacks, become 0. */
  static void millis(JsonGenerator json, String name, double value) throws IOException {
    json.writeNumberField(name, Double.isFinite(value) ? Math.round(value * 10.0) / 10.0 : 0.0);
  }

  /**
   * The text with every unpaired surrogate replaced by U+FFFD. Model names come from request
   * bodies, where {@code "\ud800"} is valid JSON; written as it is, it would make an invalid UTF-8
   * line that a reader of the log rejects.
   */
  static String wellFormed(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isSurrogate(value.charAt(i))) {
        return replaceUnpaired(value);
      }
    }
    return value;
  }

  private static String replaceUnpaired(String value) {
    StringBuilder out = new StringBuilder(value.length());
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
}
