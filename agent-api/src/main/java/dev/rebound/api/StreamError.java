package dev.rebound.api;

import java.util.Objects;

/**
 * An error that arrived in a stream after content had been released to the application (SPEC §6,
 * {@code stream_error}). Immutable.
 *
 * @param classification how the error is classified
 * @param afterBytes how many body bytes the application had been given before it
 */
public record StreamError(Classification classification, long afterBytes) {
  public StreamError {
    Objects.requireNonNull(classification, "classification");
  }
}
