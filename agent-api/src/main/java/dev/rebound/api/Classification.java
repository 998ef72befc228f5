package dev.rebound.api;

/**
 * How one attempt of a managed call ended (SPEC §3). Exactly one per attempt; an error found inside
 * a 2xx body is reported as a flag beside the class ({@link AttemptRecord#errorInBody()}), not as a
 * class of its own.
 */
public enum Classification {
  /** 2xx without an error in the body. */
  SUCCESS,
  /** 429 from the gateway or direct provider the request was sent to. */
  GATEWAY_RATE_LIMIT,
  /** 429 that a gateway passed through from the upstream provider. */
  PROVIDER_RATE_LIMIT,
  /** 5xx, overloaded, unavailable. */
  PROVIDER_UNAVAILABLE,
  /** Out of credits, spend limit or daily quota: retrying cannot help. */
  QUOTA_EXHAUSTED,
  /** The request does not fit the model (context length, payload size). */
  REQUEST_TOO_LARGE,
  /** Moderation, content filter or refusal. */
  CONTENT_FILTERED,
  /** The model does not exist, is deprecated or has no endpoints. */
  MODEL_UNAVAILABLE,
  /** 401, or 403 without a content reason. */
  AUTH,
  /** Any other 4xx. */
  BAD_REQUEST,
  /** 408, a read or connect timeout. */
  TIMEOUT,
  /** Connection refused or reset, TLS failure, end of stream before the status line. */
  NETWORK;

  /** Whether the same model may succeed if asked again later. */
  public boolean isRetryable() {
    switch (this) {
      case GATEWAY_RATE_LIMIT:
      case PROVIDER_RATE_LIMIT:
      case PROVIDER_UNAVAILABLE:
      case TIMEOUT:
      case NETWORK:
        return true;
      default:
        return false;
    }
  }
}
