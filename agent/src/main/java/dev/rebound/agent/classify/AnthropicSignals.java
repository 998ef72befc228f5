package dev.rebound.agent.classify;

/**
 * The facts of Anthropic's error dialect (docs "Errors" and "Rate limits"): overload, spend limits,
 * prompts that are too long, and rate limits that name a model. Decides nothing on its own; {@link
 * Classifier} asks. Stateless and thread-safe.
 */
final class AnthropicSignals {

  private AnthropicSignals() {}

  /** SPEC §3 PROVIDER_UNAVAILABLE: 529 overloaded_error "Overloaded" (docs "Errors"). */
  static boolean isOverloaded(ErrorBody b) {
    return b.codeIs("overloaded_error");
  }

  /**
   * SPEC §3 QUOTA_EXHAUSTED: 429 rate_limit_error with details.error_code
   * enforced_spend_limit_reached (docs "Rate limits", spend limits); 402 billing_error; 400 "Your
   * credit balance is too low" and "You have reached your specified API usage limits".
   */
  static boolean isSpendLimit(ErrorBody b) {
    String text = b.text();
    return "enforced_spend_limit_reached".equals(b.detailsErrorCode)
        || b.codeIs("billing_error")
        || text.contains("credit balance is too low")
        || text.contains("reached your specified api usage limits")
        || text.contains("reached your specified workspace api usage limits");
  }

  /**
   * SPEC §3 REQUEST_TOO_LARGE: 400 "prompt is too long: 208310 tokens &gt; 200000 maximum" (issue
   * anthropics/claude-code#12186) and 413 request_too_large (docs "Errors").
   */
  static boolean isTooLarge(ErrorBody b) {
    return b.codeIs("request_too_large") || b.text().contains("prompt is too long");
  }

  /**
   * SPEC §4 scope MODEL: "...rate limit of 30,000 input tokens per minute (org: ..., model:
   * claude-sonnet-4-6)" (issue anthropics/claude-code#55132).
   */
  static boolean namesModelInLimit(ErrorBody b) {
    return b.text().contains(", model: ");
  }

  /** The HTTP status each Anthropic error type stands for (docs "Errors"), for stream events. */
  static int statusOfType(String type) {
    if (type == null) {
      return 0;
    }
    return switch (type) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "billing_error" -> 402;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "api_error" -> 500;
      case "timeout_error" -> 504;
      case "overloaded_error" -> 529;
      default -> 0;
    };
  }
}
