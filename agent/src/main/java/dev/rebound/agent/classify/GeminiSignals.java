package dev.rebound.agent.classify;

import java.util.Set;

/**
 * The facts of Gemini's error dialect (Google "Error model", Gemini API "Troubleshooting" and
 * "Safety settings"): RPC status names, quota ids and safety blocks. Decides nothing on its own;
 * {@link Classifier} asks. Stateless and thread-safe.
 */
final class GeminiSignals {

  /** Gemini API FinishReason values that mean the answer was withheld for its content. */
  static final Set<String> BLOCKING_FINISH =
      Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY");

  private GeminiSignals() {}

  /**
   * SPEC §3 QUOTA_EXHAUSTED: a violated quotaId "...PerDay..." such as
   * GenerateRequestsPerDayPerProjectPerModel-FreeTier (issue google-gemini/gemini-cli#8437).
   */
  static boolean isDailyQuota(ErrorBody b) {
    return b.quotaIds.stream().anyMatch(id -> id.contains("PerDay"));
  }

  /** SPEC §4 scope MODEL: a quotaId containing "PerModel" (issue RooCodeInc/Roo-Code#3883). */
  static boolean isPerModelQuota(ErrorBody b) {
    return b.quotaIds.stream().anyMatch(id -> id.contains("PerModel"));
  }

  /**
   * SPEC §3 AUTH: 400 INVALID_ARGUMENT "API key not valid" with ErrorInfo reason API_KEY_INVALID.
   * The body wins over the 400: it is the key, not the request, that is wrong.
   */
  static boolean isInvalidKey(ErrorBody b) {
    return "API_KEY_INVALID".equals(b.errorInfoReason);
  }

  /** SPEC §3 GATEWAY_RATE_LIMIT: 429 RESOURCE_EXHAUSTED (Google "Error model"). */
  static boolean isResourceExhausted(ErrorBody b) {
    return "RESOURCE_EXHAUSTED".equals(b.status);
  }

  /** SPEC §3 PROVIDER_UNAVAILABLE: 503 UNAVAILABLE "The model is overloaded" (lobehub#9728). */
  static boolean isUnavailable(ErrorBody b) {
    return "UNAVAILABLE".equals(b.status);
  }

  /** SPEC §3 MODEL_UNAVAILABLE: 404 NOT_FOUND "models/gemini-pro is not found for API version". */
  static boolean isModelNotFound(ErrorBody b) {
    return "NOT_FOUND".equals(b.status)
        || b.text().contains("is not supported for generatecontent");
  }

  /**
   * SPEC §3 CONTENT_FILTERED: a 200 with promptFeedback.blockReason (SAFETY, OTHER, ...) and no
   * candidates, or a candidate whose finishReason is SAFETY and the like (Gemini "Safety settings";
   * issue google-gemini/deprecated-generative-ai-python#126).
   */
  static boolean isBlocked(ErrorBody b) {
    return b.blockReason != null || b.candidateBlocked;
  }

  static boolean isBlockingFinish(String finishReason) {
    return finishReason != null && BLOCKING_FINISH.contains(finishReason);
  }

  /** The HTTP status each google.rpc.Code name stands for (Google "Error model"). */
  static int statusOfName(String status) {
    if (status == null) {
      return 0;
    }
    return switch (status) {
      case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> 400;
      case "UNAUTHENTICATED" -> 401;
      case "PERMISSION_DENIED" -> 403;
      case "NOT_FOUND" -> 404;
      case "RESOURCE_EXHAUSTED" -> 429;
      case "INTERNAL", "UNKNOWN", "DATA_LOSS" -> 500;
      case "UNAVAILABLE" -> 503;
      case "DEADLINE_EXCEEDED" -> 504;
      default -> 0;
    };
  }
}
