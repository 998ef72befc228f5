package dev.rebound.agent.classify;

import dev.rebound.api.Classification;

/**
 * Decides the {@link Classification} of one attempt (SPEC §3) from its status, headers and the
 * first 64 KiB of its body, or from the exception it ended in; also the rate-limit scope (SPEC §4)
 * and the server's wait hint. THE place that decides the class: the dialect classes only state
 * facts. Stateless and thread-safe; one instance may serve every call.
 *
 * <p>The body wins over the status where they disagree: the rules below look at what the body says
 * first, in this order, and fall back to the status only when the body says nothing specific.
 */
public final class Classifier {

  public Classifier() {}

  /**
   * Classifies a response: status, headers and the first ≤64 KiB of its body (may be empty,
   * truncated, HTML, not JSON). A 2xx is SUCCESS unless its JSON reports an error (SPEC §3
   * ERROR_IN_BODY); then it is classified by that inner error, with {@code errorInBody} set.
   */
  public Verdict classify(
      int status,
      HeaderLookup headers,
      byte[] body,
      int bodyLength,
      String model,
      long nowEpochMillis) {
    boolean is2xx = status >= 200 && status < 300;
    if (is2xx && (body == null || !ErrorTokens.mayReportError(body, bodyLength))) {
      // The common case, told without a parse: no JSON string of the body is an error signal.
      return Verdict.success();
    }
    ErrorBody b = ErrorBodyReader.read(body, bodyLength);
    if (is2xx && !b.reportsError() && !isBlockedContent(b)) {
      // SPEC §3 SUCCESS: 2xx without an error in the body; its hints are no concern of a retry.
      return Verdict.success();
    }
    long hint = WaitHints.longest(headers == null ? HeaderLookup.NONE : headers, b, nowEpochMillis);
    // SPEC §3 ERROR_IN_BODY: a 2xx that reports an error is classified by that inner error.
    return is2xx
        ? decide(b.statedStatus(), b, hint, model, true)
        : decide(status, b, hint, model, false);
  }

  /**
   * Classifies the JSON payload of an SSE {@code data:} event that arrived before any content and
   * carries an error: OpenRouter's {"error":{...}} chunk with finish_reason "error", Anthropic's
   * {"type":"error","error":{...}}. The result has {@code errorInBody} set.
   */
  public Verdict classifyStreamEvent(byte[] data, int length, String model, long nowEpochMillis) {
    ErrorBody b = ErrorBodyReader.read(data, length);
    if (b == ErrorBody.NONE) {
      // An error event we cannot read: treat it as the upstream failing, which may pass.
      return new Verdict(
          Classification.PROVIDER_UNAVAILABLE, true, Verdict.NO_HINT, null, RateLimitScope.HOST);
    }
    if (!b.reportsError() && !isBlockedContent(b)) {
      return Verdict.success();
    }
    long hint = WaitHints.fromBody(b, nowEpochMillis);
    return decide(b.statedStatus(), b, hint, model, true);
  }

  /**
   * Classifies an attempt that ended in an exception: TIMEOUT for read, connect and call timeouts,
   * NETWORK for everything else (refused, reset, TLS, end of stream before the status line).
   */
  public Verdict classifyException(Throwable failure) {
    Classification c =
        ExceptionSignals.isTimeout(failure) ? Classification.TIMEOUT : Classification.NETWORK;
    return Verdict.of(c);
  }

  private static Verdict decide(int status, ErrorBody b, long hint, String model, boolean inBody) {
    Classification c = classOf(status, b);
    boolean rateLimit =
        c == Classification.GATEWAY_RATE_LIMIT || c == Classification.PROVIDER_RATE_LIMIT;
    if (rateLimit && hint > WaitHints.ONE_DAY_MILLIS) {
      // SPEC §3 QUOTA_EXHAUSTED: "a wait hint longer than a day"; retrying today cannot help.
      c = Classification.QUOTA_EXHAUSTED;
    }
    RateLimitScope scope =
        c == Classification.GATEWAY_RATE_LIMIT ? RateLimitScopes.of(b, model) : RateLimitScope.HOST;
    return new Verdict(c, inBody, hint, b.provider(), scope);
  }

  private static Classification classOf(int status, ErrorBody b) {
    // The request itself can never pass this model: content, then size (SPEC §3).
    if (isContentFiltered(status, b)) {
      return Classification.CONTENT_FILTERED;
    }
    if (isTooLarge(status, b)) {
      return Classification.REQUEST_TOO_LARGE;
    }
    // Checked before 402 → QUOTA: OpenRouter says this 402 passes once in-flight requests settle.
    if (OpenRouterSignals.isInFlightBudget(b)) {
      return Classification.GATEWAY_RATE_LIMIT;
    }
    // Checked before 429: insufficient_quota and the spend limits arrive as 429s.
    if (isQuota(status, b)) {
      return Classification.QUOTA_EXHAUSTED;
    }
    if (isModelUnavailable(status, b)) {
      return Classification.MODEL_UNAVAILABLE;
    }
    if (GeminiSignals.isInvalidKey(b)) {
      return Classification.AUTH;
    }
    if (isRateLimited(status, b)) {
      return OpenRouterSignals.isProviderError(b)
          ? Classification.PROVIDER_RATE_LIMIT
          : Classification.GATEWAY_RATE_LIMIT;
    }
    if (isOverloaded(b)) {
      return Classification.PROVIDER_UNAVAILABLE;
    }
    return byStatus(status);
  }

  private static boolean isContentFiltered(int status, ErrorBody b) {
    return OpenRouterSignals.isModeration(b)
        || OpenRouterSignals.isGuardrailBlock(status, b)
        || OpenRouterSignals.isContentErrorType(b)
        || AzureSignals.isContentFilter(b)
        || isBlockedContent(b);
  }

  /** A 2xx whose answer was withheld: Gemini safety blocks, finish_reason content_filter. */
  private static boolean isBlockedContent(ErrorBody b) {
    return GeminiSignals.isBlocked(b) || b.finishContentFilter;
  }

  private static boolean isTooLarge(int status, ErrorBody b) {
    // SPEC §3 REQUEST_TOO_LARGE: 413 Payload Too Large, whatever the body.
    return status == 413
        || OpenRouterSignals.isTooLarge(b)
        || OpenAiSignals.isContextTooLong(b)
        || AnthropicSignals.isTooLarge(b);
  }

  private static boolean isQuota(int status, ErrorBody b) {
    // SPEC §3 QUOTA_EXHAUSTED: 402 Payment Required, whatever the body.
    return status == 402
        || OpenAiSignals.isQuota(b)
        || OpenAiSignals.isInsufficientBalance(b)
        || AnthropicSignals.isSpendLimit(b)
        || OpenRouterSignals.isDailyFreeQuota(b)
        || OpenRouterSignals.isCreditLimit(b)
        || GeminiSignals.isDailyQuota(b);
  }

  private static boolean isModelUnavailable(int status, ErrorBody b) {
    // SPEC §3 MODEL_UNAVAILABLE: a 404, or a body naming the model as missing or gone.
    return status == 404
        || OpenAiSignals.isModelNotFound(b)
        || GeminiSignals.isModelNotFound(b)
        || OpenRouterSignals.isNoEndpoints(b)
        || OpenRouterSignals.isModelGone(b);
  }

  private static boolean isRateLimited(int status, ErrorBody b) {
    // SPEC §3: 429, or a body that says rate limit in its code (an error inside a 2xx or a stream).
    return status == 429
        || "capacity_exhausted".equals(b.availabilityReason)
        || b.codeIs("rate_limit_exceeded", "rate_limit_error", "rate_limited")
        || GeminiSignals.isResourceExhausted(b);
  }

  private static boolean isOverloaded(ErrorBody b) {
    return AnthropicSignals.isOverloaded(b)
        || GeminiSignals.isUnavailable(b)
        || OpenRouterSignals.isProviderUnavailable(b);
  }

  private static Classification byStatus(int status) {
    if (status == 408) {
      return Classification.TIMEOUT; // SPEC §3 TIMEOUT: 408 Request Timeout.
    }
    if (status == 401 || status == 403) {
      return Classification.AUTH; // SPEC §3 AUTH: 401, and 403 without a content reason.
    }
    if (status >= 500) {
      // SPEC §3 PROVIDER_UNAVAILABLE: 500, 502, 503, 504, 524, 529 and any other 5xx, HTML or
      // empty.
      return Classification.PROVIDER_UNAVAILABLE;
    }
    // SPEC §3 BAD_REQUEST: any other 4xx. A 1xx or 3xx reaching here is no better: not retried.
    return Classification.BAD_REQUEST;
  }
}
