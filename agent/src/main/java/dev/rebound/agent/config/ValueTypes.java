package dev.rebound.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of value the keys of SPEC §1 take, each with its form and parser. Every parser trims
 * blanks and returns null for a value it rejects, so that the caller can collect all problems in
 * one pass. Thread-safe (stateless).
 */
final class ValueTypes {
  static final ValueType BOOLEAN = new ValueType("true or false", ValueType.Kind.BOOLEAN, 0);
  static final ValueType DURATION = new ValueType(DurationFormat.FORM, ValueType.Kind.DURATION, 0);
  static final ValueType POSITIVE_DURATION =
      new ValueType(DurationFormat.POSITIVE_FORM, ValueType.Kind.POSITIVE_DURATION, 0);
  static final ValueType SIZE = new ValueType(SizeFormat.FORM, ValueType.Kind.SIZE, 0);
  static final ValueType AT_LEAST_ONE = integerAtLeast(1);
  static final ValueType AT_LEAST_ZERO = integerAtLeast(0);
  static final ValueType FRACTION =
      new ValueType("a decimal number >= 0 like 0.2", ValueType.Kind.DECIMAL, 0);
  static final ValueType MODELS =
      new ValueType("a comma separated list of models", ValueType.Kind.LIST, 0);
  static final ValueType HOSTS =
      new ValueType(
          "a comma separated list of host, host:port or *.suffix", ValueType.Kind.HOSTS, 0);
  static final ValueType CLIENTS =
      new ValueType(
          "a comma separated subset of " + String.join(",", ReboundConfig.ALL_CLIENTS),
          ValueType.Kind.CLIENTS,
          0);
  static final ValueType SDK_RETRIES =
      new ValueType("suppress or allow", ValueType.Kind.SDK_RETRIES, 0);
  static final ValueType LOG = new ValueType("off, info or debug", ValueType.Kind.LOG, 0);
  static final ValueType DETECTION = new ValueType("auto or off", ValueType.Kind.DETECTION, 0);
  static final ValueType METRICS_FILE =
      new ValueType("a file path, stderr or off", ValueType.Kind.METRICS_FILE, 0);

  static final ValueType REDIS = new ValueType(RedisUri.FORM, ValueType.Kind.REDIS, 0);
  static final ValueType NAMESPACE =
      new ValueType("1 to 64 letters, digits or . _ : -", ValueType.Kind.NAMESPACE, 0);

  /**
   * Any text; used by {@code rebound.config.file}, whose value is checked by reading the file
   * ({@link ConfigSources}), since only a read can tell whether a path is usable.
   */
  static final ValueType FILE = new ValueType("a readable properties file", ValueType.Kind.TEXT, 0);

  private ValueTypes() {}

  /** The typed value of {@code raw} for a built-in kind, or null when it is not of that form. */
  static Object parse(ValueType type, String raw) {
    switch (type.kind()) {
      case BOOLEAN:
        return PlainValues.bool(raw);
      case DURATION:
        return DurationFormat.parse(raw);
      case POSITIVE_DURATION:
        return DurationFormat.parsePositive(raw);
      case SIZE:
        return SizeFormat.parse(raw);
      case INTEGER_AT_LEAST:
        return integerAtLeast(type.min(), raw);
      case DECIMAL:
        return nonNegativeDecimal(raw);
      case LIST:
        return PlainValues.list(raw);
      case HOSTS:
        return PlainValues.hosts(raw);
      case CLIENTS:
        return clients(raw);
      case SDK_RETRIES:
        return oneOf(ReboundConfig.SdkRetries.values(), raw);
      case LOG:
        return oneOf(LogLevel.values(), raw);
      case DETECTION:
        return oneOf(ReboundConfig.Detection.values(), raw);
      case METRICS_FILE:
        return metricsFile(raw);
      case TEXT:
        return raw.trim();
      case REDIS:
        return RedisUri.parse(raw);
      case NAMESPACE:
        return namespace(raw.trim());
      default:
        throw new IllegalArgumentException("no parser for kind " + type.kind());
    }
  }

  private static ValueType integerAtLeast(int min) {
    return new ValueType("an integer >= " + min, ValueType.Kind.INTEGER_AT_LEAST, min);
  }

  private static Object integerAtLeast(int min, String raw) {
    // Nine digits at most: the values are counts, and parseInt cannot overflow on them.
    String v = raw.trim();
    if (!Chars.digits(v, 1, 9)) {
      return null;
    }
    int n = Integer.parseInt(v);
    return n >= min ? n : null;
  }

  private static Object nonNegativeDecimal(String raw) {
    // A pattern first: Double.parseDouble would accept "NaN", "1e3", "0x1p3" and "2d".
    String v = raw.trim();
    int dot = v.indexOf('.');
    boolean decimal =
        dot < 0
            ? Chars.digits(v, 1, 9)
            : Chars.digits(v, 0, dot, 1, 9) && Chars.digits(v, dot + 1, v.length(), 1, 9);
    return decimal ? Double.valueOf(v) : null;
  }

  /** 1 to 64 letters, digits or {@code . _ : -}. */
  private static Object namespace(String v) {
    return v.length() <= 64 && Chars.alphanumericOr(v, "._:-", true) ? v : null;
  }

  private static Object clients(String raw) {
    Set<String> chosen = new LinkedHashSet<>();
    for (String entry : PlainValues.list(raw)) {
      chosen.add(entry.toLowerCase(Locale.ROOT));
    }
    if (!ReboundConfig.ALL_CLIENTS.containsAll(chosen)) {
      return null;
    }
    // Canonical order, so the effective configuration reads the same whatever order was written.
    List<String> ordered = new ArrayList<>(ReboundConfig.ALL_CLIENTS);
    ordered.retainAll(chosen);
    return List.copyOf(ordered);
  }

  private static Object metricsFile(String raw) {
    String v = raw.trim();
    if (v.equalsIgnoreCase(ReboundConfig.METRICS_STDERR)) {
      return ReboundConfig.METRICS_STDERR;
    }
    if (v.equalsIgnoreCase(ReboundConfig.METRICS_OFF)) {
      return ReboundConfig.METRICS_OFF;
    }
    return v.isEmpty() ? null : v;
  }

  // The constants themselves, not their class: Class.getEnumConstants() reflects, which costs a
  // first call more than the rest of the configuration's parsing.
  private static <E extends Enum<E>> Object oneOf(E[] constants, String raw) {
    String v = raw.trim();
    for (E constant : constants) {
      if (constant.name().equalsIgnoreCase(v)) {
        return constant;
      }
    }
    return null;
  }
}
