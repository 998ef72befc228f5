package dev.rebound.agent.classify;

import java.util.Locale;

/**
 * The facts of OpenRouter's error dialect (docs "Errors and Debugging" and "Limits"): which
 * statements mean a passed-through provider error, moderation, a daily free-model quota, a credit
 * limit or a model without endpoints. Decides nothing on its own; {@link Classifier} asks.
 * Stateless and thread-safe.
 */
final class OpenRouterSignals {

  private OpenRouterSignals() {}

  /**
   * SPEC §3 PROVIDER_RATE_LIMIT: "Provider returned error", a non-null provider_name, limit_source
   * upstream_*, availability.reason capacity_exhausted (OpenRouter 429 samples, issues
   * open-webui/computer#293, Aculeasis/openrouter-proxy#1). A mid-stream error chunk names its
   * provider at top level (docs "Mid-stream errors"); that counts as naming the provider too.
   */
  static boolean isProviderError(ErrorBody b) {
    return b.text().contains("provider returned error")
        || b.provider() != null
        || (b.limitSource != null && b.limitSource.startsWith("upstream"))
        || "capacity_exhausted".equals(b.availabilityReason);
  }

  /** SPEC §3 CONTENT_FILTERED; docs "Moderation errors": metadata.reasons and flagged_input. */
  static boolean isModeration(ErrorBody b) {
    return b.moderationFlagged;
  }

  /** Docs "Guardrail errors": a 403 "Request blocked: ..." before any provider saw the prompt. */
  static boolean isGuardrailBlock(int status, ErrorBody b) {
    return status == 403 && b.text().startsWith("request blocked");
  }

  /** SPEC §3 CONTENT_FILTERED; docs "Typed error codes": content_policy_violation, refusal. */
  static boolean isContentErrorType(ErrorBody b) {
    return b.codeIs("content_policy_violation", "refusal");
  }

  /** SPEC §3 REQUEST_TOO_LARGE; docs "Typed error codes", token and length limits, 413. */
  static boolean isTooLarge(ErrorBody b) {
    return b.codeIs("context_length_exceeded", "max_tokens_exceeded", "payload_too_large")
        || b.codeIs("string_too_long");
  }

  /**
   * SPEC §3 QUOTA_EXHAUSTED: "Rate limit exceeded: free-models-per-day" (issue Gitlawb/openclaude
   * #936) and limit_source openrouter_free_tier_daily (Avarok-Cybersecurity/atlas#543).
   */
  static boolean isDailyFreeQuota(ErrorBody b) {
    return b.text().contains("free-models-per-day")
        || "openrouter_free_tier_daily".equals(b.limitSource);
  }

  /**
   * SPEC §3 QUOTA_EXHAUSTED; docs "Limits" and "Handling 402 errors": the balance, the key's limit
   * or a guardrail/workspace budget is spent (402, or 403 "Budget limit exceeded").
   */
  static boolean isCreditLimit(ErrorBody b) {
    String source = b.limitSource == null ? "" : b.limitSource;
    return switch (source) {
      case "openrouter_credits",
          "openrouter_key_limit",
          "openrouter_guardrail_budget",
          "openrouter_workspace_budget" ->
          true;
      default -> false;
    };
  }

  /**
   * Docs "In-flight spending budget": a 402 with limit_source openrouter_in_flight_budget is
   * "transient ... wait for the Retry-After and retry". The body wins over the status (SPEC §3): it
   * is a wait-and-retry limit on the whole account, not an exhausted quota.
   */
  static boolean isInFlightBudget(ErrorBody b) {
    return "openrouter_in_flight_budget".equals(b.limitSource);
  }

  /** SPEC §3 PROVIDER_UNAVAILABLE; docs "Typed error codes": provider_overloaded/unavailable. */
  static boolean isProviderUnavailable(ErrorBody b) {
    return b.codeIs("provider_overloaded", "provider_unavailable");
  }

  /**
   * SPEC §3 MODEL_UNAVAILABLE: 404 "No endpoints found for x:free." (issue free-claude-code#166).
   */
  static boolean isNoEndpoints(ErrorBody b) {
    String text = b.text();
    return text.contains("no endpoints found") || text.contains("no endpoints available");
  }

  /** SPEC §3 MODEL_UNAVAILABLE: availability.retryable false for a reason about the model. */
  static boolean isModelGone(ErrorBody b) {
    if (!Boolean.FALSE.equals(b.availabilityRetryable) || b.availabilityReason == null) {
      return false;
    }
    String reason = b.availabilityReason.toLowerCase(Locale.ROOT);
    return reason.contains("model") || reason.contains("endpoint") || reason.contains("deprecat");
  }

  /**
   * SPEC §4 scope MODEL: "limit_rpm/&lt;model&gt;/..." (OpenRouter 429 sample) and the free-model
   * limits when the requested model is a {@code :free} variant (docs "Limits").
   */
  static boolean isModelScoped(ErrorBody b, String model) {
    String text = b.text();
    return text.contains("limit_rpm/")
        || (model != null && model.endsWith(":free") && text.contains("free-models-per-"));
  }
}
