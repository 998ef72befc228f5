package dev.rebound.api;

/** How a whole call ended (SPEC §6, the {@code outcome} field). */
public enum Outcome {
  /** The first attempt succeeded. */
  SUCCESS("success"),
  /** The requested model succeeded after one or more retries. */
  RETRY_SUCCESS("retry_success"),
  /** A fallback model succeeded. */
  FALLBACK_SUCCESS("fallback_success"),
  /** The application got a failure. */
  FAILED("failed"),
  /** Nothing was sent: every circuit was open, or the call timed out in the queue. */
  SHORT_CIRCUITED("short_circuited"),
  /** Not managed: only counted. */
  PASSTHROUGH("passthrough");

  private final String wireName;

  Outcome(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in the metrics log. */
  public String wireName() {
    return wireName;
  }
}
