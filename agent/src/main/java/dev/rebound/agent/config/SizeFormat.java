package dev.rebound.agent.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the byte sizes of the configuration (SPEC §1): {@code 512KiB}, {@code 8MiB},
 * {@code 1GiB} or a plain byte count. Thread-safe (stateless).
 */
final class SizeFormat {
  /**
   * The largest size accepted. A size here bounds a request body held in memory per call, so
   * anything beyond a GiB is a typo, not a plan; it also keeps every size within a Java array.
   */
  static final long MAX = 1L << 30;

  /** The form named in the message of a bad value. */
  static final String FORM = "a size like 512KiB, 8MiB or a byte count, at most 1GiB";

  // Binary units only: "MB" is ambiguous (10^6 or 2^20), so it is rejected rather than guessed.
  private static final Pattern SIZE = Pattern.compile("([0-9]{1,19})(KiB|MiB|GiB)?");

  private SizeFormat() {}

  /** The number of bytes written in {@code text} (blanks ignored), or null when it is none. */
  static Long parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    try {
      long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unitBytes(m.group(2)));
      return bytes <= MAX ? bytes : null;
    } catch (NumberFormatException | ArithmeticException e) {
      // More digits than a long holds: certainly above MAX.
      return null;
    }
  }

  /** Writes {@code bytes} in the largest binary unit that holds it exactly: 8MiB, 1000. */
  static String format(long bytes) {
    if (bytes != 0 && bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "GiB";
    }
    if (bytes != 0 && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + "MiB";
    }
    if (bytes != 0 && bytes % (1L << 10) == 0) {
      return (bytes >> 10) + "KiB";
    }
    return Long.toString(bytes);
  }

  private static long unitBytes(String unit) {
    if (unit == null) {
      return 1L;
    }
    switch (unit) {
      case "KiB":
        return 1L << 10;
      case "MiB":
        return 1L << 20;
      default:
        return 1L << 30;
    }
  }
}
