package dev.rebound.agent.config;

import java.time.Duration;

/**
 * Reads and writes the durations of the configuration (SPEC §1): a whole number followed by {@code
 * ms}, {@code s}, {@code m} or {@code h}, as in {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h}.
 * Thread-safe (stateless).
 */
final class DurationFormat {
  /** The form named in the message of a bad value. */
  static final String FORM = "a duration like 250ms, 30s, 2m";

  /** The form of a duration that must be above zero (a zero deadline would fail every call). */
  static final String POSITIVE_FORM = "a duration above 0 like 250ms, 30s, 2m";

  // No sign, no fraction, no space: "1.5s" or "-1s" are far more likely typos than intent, and a
  // unit is required because a bare "30" could be read as seconds or as milliseconds.

  // Durations end up as System.nanoTime() arithmetic, which overflows past ~292 years.
  private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000L;

  private DurationFormat() {}

  /** The duration written in {@code text} (surrounding blanks ignored), or null when it is none. */
  static Duration parse(String text) {
    String t = text.trim();
    int unit = t.endsWith("ms") ? t.length() - 2 : t.length() - 1;
    if (unit < 0 || !"ms".equals(t.substring(unit)) && "smh".indexOf(t.charAt(unit)) < 0) {
      return null;
    }
    if (!Chars.digits(t, 0, unit, 1, 19)) {
      return null;
    }
    try {
      long amount = Long.parseLong(t.substring(0, unit));
      long millis = Math.multiplyExact(amount, unitMillis(t.substring(unit)));
      return millis <= MAX_MILLIS ? Duration.ofMillis(millis) : null;
    } catch (NumberFormatException | ArithmeticException e) {
      // More digits than a long holds, or an overflow of the unit: not a usable duration.
      return null;
    }
  }

  /** Like {@link #parse} but also rejects zero. */
  static Duration parsePositive(String text) {
    Duration d = parse(text);
    return d == null || d.isZero() ? null : d;
  }

  /**
   * Writes {@code d} in whole seconds when it is whole seconds, else in milliseconds: 500ms, 30s,
   * 120s, 0s. Only these two units, so that every default reads as SPEC §1 writes it.
   */
  static String format(Duration d) {
    long millis = d.toMillis();
    return millis % 1_000L == 0 ? millis / 1_000L + "s" : millis + "ms";
  }

  private static long unitMillis(String unit) {
    switch (unit) {
      case "ms":
        return 1L;
      case "s":
        return 1_000L;
      case "m":
        return 60_000L;
      default:
        return 3_600_000L;
    }
  }
}
