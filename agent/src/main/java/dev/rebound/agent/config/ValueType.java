package dev.rebound.agent.config;

import java.util.function.Function;

/**
 * One kind of configuration value: how it is written (the form named in a bad-value message) and
 * how it is read. The built-in kinds parse through {@link ValueTypes#parse} (no lambda, so that
 * premain spins none); a parser function serves any other. Thread-safe (immutable; every parser is
 * stateless).
 */
final class ValueType {
  /** The built-in kinds of value. */
  enum Kind {
    BOOLEAN,
    DURATION,
    POSITIVE_DURATION,
    SIZE,
    INTEGER_AT_LEAST,
    DECIMAL,
    LIST,
    HOSTS,
    CLIENTS,
    SDK_RETRIES,
    LOG,
    DETECTION,
    METRICS_FILE,
    TEXT,
    REDIS,
    NAMESPACE,
    FUNCTION
  }

  private final String form;
  private final Kind kind;
  private final int min;
  private final Function<String, Object> parser;

  /**
   * @param form the expected form, as in {@code expected <form>}
   * @param parser turns the text of a value into its typed value, or null when the text is not of
   *     this form; never throws
   */
  ValueType(String form, Function<String, Object> parser) {
    this(form, Kind.FUNCTION, 0, parser);
  }

  ValueType(String form, Kind kind, int min) {
    this(form, kind, min, null);
  }

  private ValueType(String form, Kind kind, int min, Function<String, Object> parser) {
    this.form = form;
    this.kind = kind;
    this.min = min;
    this.parser = parser;
  }

  String form() {
    return form;
  }

  Kind kind() {
    return kind;
  }

  /** The smallest value of an {@link Kind#INTEGER_AT_LEAST}. */
  int min() {
    return min;
  }

  /** The typed value of {@code raw}, or null when {@code raw} is not of this form. */
  Object parse(String raw) {
    return kind == Kind.FUNCTION ? parser.apply(raw) : ValueTypes.parse(this, raw);
  }
}
