package dev.rebound.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What happened to one managed call (SPEC §6, a {@code call} record). Immutable. Holds no prompt,
 * completion, key or header value.
 *
 * @param timestamp when the call finished
 * @param client the client family, as in {@code rebound.clients} ({@code okhttp}, {@code jdk}, ...)
 * @param host the host, with the port when it is not the scheme's default
 * @param path the request path, without the query string
 * @param stream whether the request asked for a stream
 * @param modelRequested the model the application asked for, or null
 * @param modelUsed the model of the final attempt, or null
 * @param outcome how the call ended
 * @param status the final HTTP status the application got, 0 when it got an exception
 * @param totalMillis the whole call, waits included
 * @param waitMillis the sum of all waits
 * @param attempts every request sent, in order
 * @param streamError an error that came after content was released, or null
 */
public record CallRecord(
    Instant timestamp,
    String client,
    String host,
    String path,
    boolean stream,
    String modelRequested,
    String modelUsed,
    Outcome outcome,
    int status,
    double totalMillis,
    double waitMillis,
    List<AttemptRecord> attempts,
    StreamError streamError) {

  public CallRecord {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(outcome, "outcome");
    attempts = List.copyOf(attempts);
  }

  /** The same record with a stream error attached; the outcome stays what it was. */
  public CallRecord withStreamError(StreamError error) {
    return new CallRecord(
        timestamp,
        client,
        host,
        path,
        stream,
        modelRequested,
        modelUsed,
        outcome,
        status,
        totalMillis,
        waitMillis,
        attempts,
        error);
  }
}
