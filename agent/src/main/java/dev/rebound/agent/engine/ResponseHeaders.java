package dev.rebound.agent.engine;

import dev.rebound.api.Classification;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers Rebound adds to what the application gets (SPEC §4), and the body of its own 503s.
 * Thread-safe (immutable).
 */
final class ResponseHeaders {
  private final boolean suppressSdkRetries;

  ResponseHeaders(boolean suppressSdkRetries) {
    this.suppressSdkRetries = suppressSdkRetries;
  }

  Map<String, String> forResponse(int attempts, String model, Classification cls, int status) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(CallHeaders.ATTEMPTS, Integer.toString(attempts));
    if (model != null) {
      headers.put(CallHeaders.MODEL, model);
    }
    if (cls != Classification.SUCCESS) {
      headers.put(CallHeaders.CLASSIFICATION, cls.name());
    }
    addShouldRetry(headers, status);
    return headers;
  }

  /** Rebound's 503 when every circuit is open: {@code retry-after} is when the first may probe. */
  Map<String, String> forCircuitOpen(long waitNanos) {
    return own(503, waitNanos, Classification.PROVIDER_UNAVAILABLE);
  }

  /** Rebound's 429 when a coordinated pause outlasts the call: {@code retry-after} is its end. */
  Map<String, String> forPause(long waitNanos) {
    return own(429, waitNanos, Classification.GATEWAY_RATE_LIMIT);
  }

  /** Rebound's 503 when no place under {@code max-concurrency} freed up in time. */
  Map<String, String> forQueueTimeout() {
    return own(503, -1, Classification.PROVIDER_UNAVAILABLE);
  }

  private Map<String, String> own(int status, long waitNanos, Classification cls) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (waitNanos >= 0) {
      long seconds = (waitNanos + 999_999_999L) / 1_000_000_000L;
      headers.put("retry-after", Long.toString(seconds));
    }
    headers.put(CallHeaders.ATTEMPTS, "0");
    headers.put(CallHeaders.CLASSIFICATION, cls.name());
    addShouldRetry(headers, status);
    return headers;
  }

  private void addShouldRetry(Map<String, String> headers, int status) {
    if (suppressSdkRetries && (status < 200 || status >= 300)) {
      // Rebound has already done what retrying can do; an SDK loop around it would multiply it.
      headers.put(CallHeaders.SHOULD_RETRY, "false");
    }
  }

  /** {@code {"error":{"code":503,"message":...,"type":...}}}, the shape SPEC §4 gives. */
  static byte[] errorBody(int code, String message, String type) {
    String json =
        "{\"error\":{\"code\":"
            + code
            + ",\"message\":"
            + new String(JsonMembers.encodeString(message), StandardCharsets.UTF_8)
            + ",\"type\":\""
            + type
            + "\"}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
