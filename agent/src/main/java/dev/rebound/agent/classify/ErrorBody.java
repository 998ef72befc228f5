package dev.rebound.agent.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The facts that one response body states about an error, as {@link ErrorBodyReader} found them; it
 * decides nothing. Written once by the reader before it is returned, read-only afterwards, so an
 * instance is safe to share once published.
 *
 * <p>Every field is null (or false, or empty) when the body does not state it. Values are kept as
 * the text the body carried (numbers too) so that parsing a hint can never fail the read.
 */
final class ErrorBody {

  /** A body that states nothing: empty, not JSON, truncated, or too deep. */
  static final ErrorBody NONE = new ErrorBody();

  /** An error object (or error string) was found: top level, in choices[], or in the array form. */
  boolean hasError;

  /** {@code error.code}: an HTTP status (OpenRouter, Gemini) or a string code (OpenAI). */
  String code;

  /** {@code error.type} (OpenAI, Anthropic). */
  String type;

  /** {@code error.status}, the Google RPC status name (Gemini). */
  String status;

  /** {@code error.message}, or the error itself when it is a string. */
  String message;

  /** Top-level {@code message}, {@code type} and {@code code} of bodies without an error object. */
  String topMessage;

  String topType;
  String topCode;

  /** OpenRouter's typed code: {@code error.metadata.error_type}, {@code error.error_type}. */
  String errorType;

  /** {@code error.metadata.provider_name} (OpenRouter); null also when the body says null. */
  String providerName;

  /** Top-level {@code provider} of an OpenRouter chunk that carries an error. */
  String chunkProvider;

  /** {@code error.metadata.raw}: the upstream provider's own error text (OpenRouter). */
  String raw;

  /** {@code error.metadata.limit_source} (OpenRouter). */
  String limitSource;

  /** {@code error.metadata.reason} (OpenRouter in-flight budget). */
  String reason;

  /** {@code error.metadata.reasons} non-empty or {@code flagged_input} present (moderation). */
  boolean moderationFlagged;

  /** {@code error.metadata.headers.X-RateLimit-Reset} and {@code Retry-After}; retry seconds. */
  String metaReset;

  String metaRetryAfter;
  String metaRetryAfterSeconds;

  /** {@code error.availability}: retryable, retry_after (seconds) and reason. */
  Boolean availabilityRetryable;

  String availabilityRetryAfter;
  String availabilityReason;

  /** {@code error.details.error_code} (Anthropic spend limit). */
  String detailsErrorCode;

  /** {@code error.innererror.code} and whether a content_filter_result was given (Azure). */
  String innerErrorCode;

  boolean contentFilterResult;

  /** Gemini {@code error.details[]}: quota ids, RetryInfo.retryDelay, ErrorInfo.reason. */
  final List<String> quotaIds = new ArrayList<>();

  String retryDelay;
  String errorInfoReason;

  /** choices[].finish_reason "error" (OpenRouter) and "content_filter" (OpenAI, Azure). */
  boolean finishError;

  boolean finishContentFilter;

  /** Gemini {@code promptFeedback.blockReason} and a candidate stopped for safety. */
  String blockReason;

  boolean candidateBlocked;

  /** {@link #text()}, computed once. */
  private String text;

  /** Whether the body says, in any of its forms, that the request failed. */
  boolean reportsError() {
    return hasError || finishError;
  }

  /** The provider a gateway named: the metadata's, or that of an error chunk. */
  String provider() {
    if (providerName != null) {
      return providerName;
    }
    return hasError ? chunkProvider : null;
  }

  /** The human-readable texts of the body, lower case, for the rules that match wording. */
  String text() {
    // Racy but benign caching, as String.hashCode does: every thread computes the same value.
    String cached = text;
    if (cached == null) {
      cached = joinTexts();
      text = cached;
    }
    return cached;
  }

  private String joinTexts() {
    StringBuilder all = new StringBuilder();
    for (String part : new String[] {message, topMessage, raw}) {
      if (part != null) {
        all.append(part.toLowerCase(Locale.ROOT)).append('\n');
      }
    }
    return all.toString();
  }

  /** Whether any code-like field (code, type, error_type, top code or type) equals one of these. */
  boolean codeIs(String... candidates) {
    for (String candidate : candidates) {
      for (String field : new String[] {code, type, errorType, topCode, topType}) {
        if (candidate.equalsIgnoreCase(field)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The HTTP status that an error inside a 2xx body or a stream event stands for: its numeric code,
   * else what its Anthropic type or Google status name means, else 500 (an upstream failure that
   * says nothing more).
   */
  int statedStatus() {
    int stated = code != null && code.matches("[45]\\d\\d") ? Integer.parseInt(code) : 0;
    if (stated == 0) {
      stated = AnthropicSignals.statusOfType(type);
    }
    if (stated == 0) {
      stated = GeminiSignals.statusOfName(status);
    }
    return stated == 0 ? 500 : stated;
  }
}
