package dev.rebound.agent.metrics;

import java.time.Instant;

/** How timestamps look in the metrics log. Stateless and thread-safe. */
final class JsonFields {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** 0000-01-01 and 10000-01-01 as days since the epoch: the years of four digits. */
  private static final long FIRST_DAY = -719_528L;

  private static final long END_DAY = 2_932_897L;

  private JsonFields() {}

  /**
   * {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC: milliseconds always (ISO_INSTANT drops ".000",
   * SPEC §6 shows them). Computed by hand: {@code java.time.format} is some forty classes for the
   * first record and a third of the writer thread's time per record (the benchmark of issue #8).
   */
  static String timestamp(long epochMillis) {
    long day = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    if (day < FIRST_DAY || day >= END_DAY) {
      return Wide.format(epochMillis);
    }
    int ofDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
    // Days to civil date: H. Hinnant's algorithm, in eras of 400 years from 0000-03-01.
    long z = day + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    long doe = z - era * 146_097L;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int dayOfMonth = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    char[] out = new char[24];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, month, 2);
    out[7] = '-';
    digits(out, 8, dayOfMonth, 2);
    out[10] = 'T';
    digits(out, 11, ofDay / 3_600_000, 2);
    out[13] = ':';
    digits(out, 14, ofDay / 60_000 % 60, 2);
    out[16] = ':';
    digits(out, 17, ofDay / 1000 % 60, 2);
    out[19] = '.';
    digits(out, 20, ofDay % 1000, 3);
    out[23] = 'Z';
    return new String(out);
  }

  static String timestamp(Instant instant) {
    long epochMillis;
    try {
      epochMillis = instant.toEpochMilli();
    } catch (ArithmeticException e) {
      return Wide.FORMAT.format(instant); // beyond ±292 million years
    }
    return timestamp(epochMillis);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** Years outside 0000-9999 (a far-off breaker deadline): the formatter, loaded only for them. */
  private static final class Wide {
    static final java.time.format.DateTimeFormatter FORMAT =
        java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    static String format(long epochMillis) {
      return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }
  }
}
