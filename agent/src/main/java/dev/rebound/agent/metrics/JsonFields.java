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

  private JsonFields() {}

  static String timestamp(long epochMillis) {
    return TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
  }

  static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant);
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
