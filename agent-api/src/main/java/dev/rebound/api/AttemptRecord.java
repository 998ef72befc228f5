package dev.rebound.api;

import java.util.Objects;

/**
 * One request that Rebound sent for a call (SPEC §6, an element of {@code attempts}). Immutable.
 *
 * @param model the model this attempt asked for; null when the request names none
 * @param status the HTTP status, or 0 when no response arrived (timeout, network failure)
 * @param classification how the attempt ended
 * @param errorInBody true when the error came inside a 2xx body or a stream event
 * @param provider the upstream provider a gateway named, or null
 * @param millis the attempt's own duration
 * @param waitMillis the wait after this attempt before the next one, 0 when none
 */
public record AttemptRecord(
    String model,
    int status,
    Classification classification,
    boolean errorInBody,
    String provider,
    double millis,
    double waitMillis) {

  public AttemptRecord {
    Objects.requireNonNull(classification, "classification");
  }
}
