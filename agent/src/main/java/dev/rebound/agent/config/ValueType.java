package dev.rebound.agent.config;

/**
 * One kind of configuration value: how it is written (the form named in a bad-value message) and
 * how it is read ({@link ValueTypes#parse}, a switch on {@link Kind}: no lambda, so that reading
 * the configuration spins none). Thread-safe (immutable).
 *
 * @param form the expected form, as in {@code expected <form>}
 * @param kind how the value is read
 * @param min the smallest value of an {@link Kind#INTEGER_AT_LEAST}
 */
record ValueType(String form, Kind kind, int min) {
  /** The kinds of value. */
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
    REDIS,
    NAMESPACE,
    TEXT
  }

  /** The typed value of {@code raw}, or null when {@code raw} is not of this form. */
  Object parse(String raw) {
    return ValueTypes.parse(this, raw);
  }
}
