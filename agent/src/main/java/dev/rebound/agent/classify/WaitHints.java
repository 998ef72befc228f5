package dev.rebound.agent.classify;

/**
 * Decides how long the server asked the client to wait: every hint source of SPEC §3 is read and
 * the largest wins. Stateless and thread-safe.
 *
 * <p>Garbage, negative and past values are ignored, never an error; a hint absurdly far away is
 * capped at {@link HintValues#MAX_HINT_MILLIS}.
 */
final class WaitHints {

  /** A hint longer than this turns a rate limit into QUOTA_EXHAUSTED (SPEC §3). */
  static final long ONE_DAY_MILLIS = 24L * 60 * 60 * 1000;

  private static final String[] OPENAI_LIMITS = {"requests", "tokens"};

  private static final String[] ANTHROPIC_LIMITS = {
    "requests", "tokens", "input-tokens", "output-tokens"
  };

  private WaitHints() {}

  /** The longest wait the response asks for, in ms from {@code now}, or {@link Verdict#NO_HINT}. */
  static long longest(HeaderLookup headers, ErrorBody body, long now) {
    long best = Verdict.NO_HINT;
    best = Math.max(best, fromHeaders(headers, now));
    best = Math.max(best, fromBody(body, now));
    return best;
  }

  static long fromHeaders(HeaderLookup h, long now) {
    long best = Verdict.NO_HINT;
    // SPEC §3; Azure OpenAI and the OpenAI SDKs: retry-after-ms, milliseconds, may be fractional.
    best = Math.max(best, HintValues.millis(get(h, "retry-after-ms")));
    // SPEC §3; RFC 9110 §10.2.3: retry-after, delay-seconds or an HTTP date.
    best = Math.max(best, HintValues.retryAfter(get(h, "retry-after"), now));
    // SPEC §3; Azure OpenAI "Manage quota": x-ms-retry-after-ms, milliseconds.
    best = Math.max(best, HintValues.millis(get(h, "x-ms-retry-after-ms")));
    // SPEC §3; OpenRouter "Limits": X-RateLimit-Reset, epoch milliseconds.
    best = Math.max(best, HintValues.epochReset(get(h, "x-ratelimit-reset"), now));
    for (String limit : OPENAI_LIMITS) {
      // SPEC §3; OpenAI "Rate limits" headers: x-ratelimit-reset-* ("6m0s") when remaining is 0.
      if (isZero(get(h, "x-ratelimit-remaining-" + limit))) {
        best = Math.max(best, HintValues.goDuration(get(h, "x-ratelimit-reset-" + limit)));
      }
    }
    for (String limit : ANTHROPIC_LIMITS) {
      // SPEC §3; Anthropic "Rate limits": anthropic-ratelimit-*-reset, RFC 3339, when remaining 0.
      if (isZero(get(h, "anthropic-ratelimit-" + limit + "-remaining"))) {
        best =
            Math.max(
                best, HintValues.rfc3339(get(h, "anthropic-ratelimit-" + limit + "-reset"), now));
      }
    }
    return best;
  }

  static long fromBody(ErrorBody b, long now) {
    long best = Verdict.NO_HINT;
    // SPEC §3; OpenRouter 429 sample: X-RateLimit-Reset (epoch ms) inside error.metadata.headers.
    best = Math.max(best, HintValues.epochReset(b.metaReset, now));
    // OpenRouter 429 sample (upstream Venice): metadata.headers.Retry-After, retry_after_seconds.
    best = Math.max(best, HintValues.retryAfter(b.metaRetryAfter, now));
    best = Math.max(best, HintValues.seconds(b.metaRetryAfterSeconds));
    // SPEC §3: error.availability.retry_after, seconds.
    best = Math.max(best, HintValues.seconds(b.availabilityRetryAfter));
    // SPEC §3; Google "Error model", google.rpc.RetryInfo.retryDelay: a Duration, "26s", "0.5s".
    best = Math.max(best, HintValues.protoDuration(b.retryDelay));
    // SPEC §3; OpenAI/Groq "Please try again in 644ms", Azure "Please retry after 37 seconds".
    best = Math.max(best, HintValues.fromMessage(b.text()));
    return best;
  }

  private static String get(HeaderLookup h, String name) {
    String value = h.get(name);
    return value == null ? null : value.trim();
  }

  private static boolean isZero(String remaining) {
    return remaining != null && remaining.matches("0+");
  }
}
