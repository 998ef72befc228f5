package dev.rebound.agent.config;

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
  private static final String[] UNITS = {"KiB", "MiB", "GiB"};

  private SizeFormat() {}

  /** The number of bytes written in {@code text} (blanks ignored), or null when it is none. */
  static Long parse(String text) {
    String t = text.trim();
    String unit = null;
    for (String u : UNITS) {
      if (t.endsWith(u)) {
        unit = u;
      }
    }
    int end = unit == null ? t.length() : t.length() - unit.length();
    if (!Chars.digits(t, 0, end, 1, 19)) {
      return null;
    }
    try {
      long bytes = Math.multiplyExact(Long.parseLong(t.substring(0, end)), unitBytes(unit));
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
