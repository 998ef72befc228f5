package dev.rebound.agent.config;

/**
 * The character checks the configuration's forms need, written out rather than as regular
 * expressions: the configuration is read on the application's first managed call, where compiling a
 * pattern costs more than the whole check. Stateless.
 */
final class Chars {
  private Chars() {}

  /** Whether {@code s} is {@code min} to {@code max} ASCII digits. */
  static boolean digits(String s, int min, int max) {
    return digits(s, 0, s.length(), min, max);
  }

  /** Whether {@code s[from, to)} is {@code min} to {@code max} ASCII digits. */
  static boolean digits(String s, int from, int to, int min, int max) {
    int n = to - from;
    if (n < min || n > max) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code s} is one or more characters, each of them in {@code allowed} or alphanumeric.
   */
  static boolean alphanumericOr(String s, String allowed, boolean upperCase) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || (upperCase && c >= 'A' && c <= 'Z')
              || allowed.indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
