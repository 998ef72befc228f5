package dev.rebound.agent.classify;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the value forms that wait hints come in (seconds, milliseconds, Go and protobuf durations,
 * HTTP and RFC 3339 dates, epoch resets, message phrases); it decides nothing. Stateless and
 * thread-safe. Every method returns milliseconds, or {@link Verdict#NO_HINT} for anything it cannot
 * read: garbage, negative and past values are ignored, never an error.
 */
final class HintValues {

  /** Cap for absurdly distant hints, so that arithmetic on them can never overflow. */
  static final long MAX_HINT_MILLIS = 365L * 24 * 60 * 60 * 1000;

  /** Plain decimal: no sign, no exponent, no "NaN", no "1.5d" that Double.parseDouble accepts. */
  private static final Pattern DECIMAL = Pattern.compile("\\d{1,15}(\\.\\d{1,9})?");

  /** Go's time.Duration.String(): "644ms", "6m0s", "1h2m3.5s", "7.66s". */
  private static final Pattern GO_PART = Pattern.compile("(\\d{1,15}(?:\\.\\d{1,9})?)(h|ms|m|s)");

  private static final Pattern GO_DURATION =
      Pattern.compile("(?:\\d{1,15}(?:\\.\\d{1,9})?(?:h|ms|m|s)){1,4}");

  /**
   * "try again in 644ms", "try again in 1m30s", "retry after 37 seconds", "try again in 2 seconds".
   */
  private static final Pattern MESSAGE =
      Pattern.compile(
          "(?:try again|retry) (?:in|after) (?:(\\d{1,15}(?:\\.\\d{1,9})?) ?"
              + "(seconds?|secs?|milliseconds?|minutes?)\\b|"
              + "((?:\\d{1,15}(?:\\.\\d{1,9})?(?:h|ms|m|s)){1,4})\\b)");

  /** Epoch values at or above this are milliseconds (OpenRouter); from 1e9 below it, seconds. */
  private static final double EPOCH_MILLIS_FLOOR = 1e11;

  private static final double EPOCH_SECONDS_FLOOR = 1e9;

  private HintValues() {}

  /** Decimal milliseconds, possibly fractional (rounded up: a wait never shortens a hint). */
  static long millis(String value) {
    return isDecimal(value) ? fromMillis(Double.parseDouble(value)) : Verdict.NO_HINT;
  }

  /** Decimal seconds, possibly fractional. */
  static long seconds(String value) {
    return isDecimal(value) ? fromMillis(Double.parseDouble(value) * 1000) : Verdict.NO_HINT;
  }

  /** Retry-After: delay-seconds (fractional accepted) or an HTTP date (RFC 9110 IMF-fixdate). */
  static long retryAfter(String value, long now) {
    if (value == null) {
      return Verdict.NO_HINT;
    }
    if (isDecimal(value)) {
      return seconds(value);
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return until(at.toEpochMilli(), now);
    } catch (DateTimeParseException e) {
      return Verdict.NO_HINT;
    }
  }

  /** An RFC 3339 timestamp, "2026-07-08T14:08:20Z" (Anthropic reset headers). */
  static long rfc3339(String value, long now) {
    if (value == null) {
      return Verdict.NO_HINT;
    }
    try {
      return until(OffsetDateTime.parse(value).toInstant().toEpochMilli(), now);
    } catch (DateTimeParseException e) {
      return Verdict.NO_HINT;
    }
  }

  /** An epoch reset: milliseconds (OpenRouter), or seconds when clearly of that magnitude. */
  static long epochReset(String value, long now) {
    if (!isDecimal(value)) {
      return Verdict.NO_HINT;
    }
    double epoch = Double.parseDouble(value);
    if (epoch >= EPOCH_MILLIS_FLOOR) {
      return until((long) Math.min(epoch, Long.MAX_VALUE / 2.0), now);
    }
    if (epoch >= EPOCH_SECONDS_FLOOR) {
      return until((long) (epoch * 1000), now);
    }
    // A small number is not an epoch; as a reset it is ambiguous, so it is ignored.
    return Verdict.NO_HINT;
  }

  /** A Go duration, as in OpenAI's x-ratelimit-reset-* headers. */
  static long goDuration(String value) {
    if (value == null || !GO_DURATION.matcher(value).matches()) {
      return Verdict.NO_HINT;
    }
    double total = 0;
    Matcher part = GO_PART.matcher(value);
    while (part.find()) {
      double n = Double.parseDouble(part.group(1));
      total +=
          switch (part.group(2)) {
            case "h" -> n * 3_600_000;
            case "m" -> n * 60_000;
            case "s" -> n * 1000;
            default -> n;
          };
    }
    return fromMillis(total);
  }

  /** A protobuf Duration in JSON: decimal seconds with an "s" suffix, "26s", "0.5s". */
  static long protoDuration(String value) {
    if (value == null || !value.endsWith("s")) {
      return Verdict.NO_HINT;
    }
    return seconds(value.substring(0, value.length() - 1));
  }

  /** The largest "try again in …" or "retry after …" phrase in a lower-case message. */
  static long fromMessage(String text) {
    long best = Verdict.NO_HINT;
    Matcher m = MESSAGE.matcher(text);
    while (m.find()) {
      long hint;
      if (m.group(3) != null) {
        hint = goDuration(m.group(3));
      } else {
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        double factor = unit.startsWith("milli") ? 1 : unit.startsWith("min") ? 60_000 : 1000;
        hint = fromMillis(n * factor);
      }
      best = Math.max(best, hint);
    }
    return best;
  }

  private static boolean isDecimal(String value) {
    return value != null && DECIMAL.matcher(value).matches();
  }

  private static long until(long epochMillis, long now) {
    long delta = epochMillis - now;
    return delta < 0 ? Verdict.NO_HINT : Math.min(delta, MAX_HINT_MILLIS);
  }

  private static long fromMillis(double ms) {
    if (!(ms >= 0)) {
      return Verdict.NO_HINT;
    }
    return (long) Math.min(Math.ceil(ms), MAX_HINT_MILLIS);
  }
}
