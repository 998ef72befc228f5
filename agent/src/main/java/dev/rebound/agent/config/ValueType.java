package dev.rebound.agent.config;

import java.util.function.Function;

/**
 * One kind of configuration value: how it is written (the form named in a bad-value message) and
 * how it is read. Thread-safe (immutable; every parser is stateless).
 *
 * @param form the expected form, as in {@code expected <form>}
 * @param parser turns the text of a value into its typed value, or null when the text is not of
 *     this form; never throws
 */
record ValueType(String form, Function<String, Object> parser) {
  /** The typed value of {@code raw}, or null when {@code raw} is not of this form. */
  Object parse(String raw) {
    return parser.apply(raw);
  }
}
