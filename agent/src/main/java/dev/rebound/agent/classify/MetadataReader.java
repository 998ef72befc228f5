package dev.rebound.agent.classify;

import static dev.rebound.agent.classify.JsonValues.first;
import static dev.rebound.agent.classify.JsonValues.forEachObject;
import static dev.rebound.agent.classify.JsonValues.scalar;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads the nested parts of an error object: OpenRouter's {@code metadata} and {@code
 * availability}, Azure's {@code innererror} and one Gemini {@code details[]} element; it decides
 * nothing. Stateless and thread-safe.
 *
 * <p>Each method is called with the parser on the value's first token and returns with the parser
 * on that value's last token, as {@link JsonParser#skipChildren()} would.
 */
final class MetadataReader {

  private MetadataReader() {}

  /** OpenRouter {@code error.metadata} (docs "Errors and Debugging", SPEC §3). */
  static void read(JsonParser p, ErrorBody f) throws IOException {
    if (!isObject(p)) {
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "provider_name" -> f.providerName = first(f.providerName, scalar(p));
        case "raw" -> f.raw = first(f.raw, scalar(p));
        case "limit_source" -> f.limitSource = first(f.limitSource, scalar(p));
        case "error_type" -> f.errorType = first(f.errorType, scalar(p));
        case "reason" -> f.reason = first(f.reason, scalar(p));
        case "retry_after_seconds" -> f.metaRetryAfterSeconds = scalar(p);
        case "flagged_input" -> f.moderationFlagged |= value == JsonToken.VALUE_STRING;
        case "reasons" -> f.moderationFlagged |= hasElements(p);
        case "headers" -> readHeaders(p, f);
        default -> p.skipChildren();
      }
    }
  }

  /** {@code error.availability} (SPEC §3): retryable, retry_after seconds, reason. */
  static void readAvailability(JsonParser p, ErrorBody f) throws IOException {
    if (!isObject(p)) {
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "retryable" -> {
          f.availabilityRetryable = bool(value);
          p.skipChildren();
        }
        case "retry_after" -> f.availabilityRetryAfter = scalar(p);
        case "reason" -> f.availabilityReason = scalar(p);
        default -> p.skipChildren();
      }
    }
  }

  /** Azure {@code error.innererror}: its code and whether a content_filter_result is present. */
  static void readInnerError(JsonParser p, ErrorBody f) throws IOException {
    if (!isObject(p)) {
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if ("code".equals(name)) {
        f.innerErrorCode = scalar(p);
      } else {
        f.contentFilterResult |=
            "content_filter_result".equals(name) && value == JsonToken.START_OBJECT;
        p.skipChildren();
      }
    }
  }

  /** One Gemini {@code error.details[]} element: RetryInfo, QuotaFailure or ErrorInfo. */
  static void readGeminiDetail(JsonParser p, ErrorBody f) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "retryDelay" -> f.retryDelay = first(f.retryDelay, scalar(p));
        case "reason" -> f.errorInfoReason = first(f.errorInfoReason, scalar(p));
        case "violations" -> readViolations(p, value, f);
        default -> p.skipChildren();
      }
    }
  }

  private static void readViolations(JsonParser p, JsonToken value, ErrorBody f)
      throws IOException {
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    forEachObject(
        p,
        () -> {
          String quotaId = JsonValues.fieldOfCurrentObject(p, "quotaId");
          if (quotaId != null && f.quotaIds.size() < 32) {
            f.quotaIds.add(quotaId);
          }
        });
  }

  /** {@code metadata.headers}: header names compared without case, as HTTP does. */
  private static void readHeaders(JsonParser p, ErrorBody f) throws IOException {
    if (!isObject(p)) {
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName().toLowerCase(Locale.ROOT);
      p.nextToken();
      switch (name) {
        case "x-ratelimit-reset" -> f.metaReset = scalar(p);
        case "retry-after" -> f.metaRetryAfter = scalar(p);
        default -> p.skipChildren();
      }
    }
  }

  private static boolean hasElements(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return false;
    }
    boolean any = false;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      any = true;
      p.skipChildren();
    }
    return any;
  }

  private static Boolean bool(JsonToken value) {
    if (value == JsonToken.VALUE_TRUE) {
      return Boolean.TRUE;
    }
    return value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
  }

  /** True when on START_OBJECT; otherwise skips the value and returns false. */
  private static boolean isObject(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.START_OBJECT) {
      return true;
    }
    p.skipChildren();
    return false;
  }
}
