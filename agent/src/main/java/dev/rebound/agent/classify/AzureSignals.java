package dev.rebound.agent.classify;

/**
 * The facts of Azure OpenAI's error dialect (docs "Content filtering" and "Quotas and limits"):
 * content filter rejections and per-deployment rate limits. Decides nothing on its own; {@link
 * Classifier} asks. Stateless and thread-safe.
 */
final class AzureSignals {

  private AzureSignals() {}

  /**
   * SPEC §3 CONTENT_FILTERED: 400 code content_filter with innererror ResponsibleAIPolicyViolation
   * and content_filter_result (issue vibrantlabsai/ragas#649, openai/openai-python#331).
   */
  static boolean isContentFilter(ErrorBody b) {
    return b.codeIs("content_filter")
        || "ResponsibleAIPolicyViolation".equals(b.innerErrorCode)
        || b.contentFilterResult;
  }

  /**
   * SPEC §4 scope MODEL: "Requests to the ChatCompletions_Create Operation under Azure OpenAI API
   * version ... have exceeded token rate limit" (issue alex-wolf-ps/dbchatprov2#2). Azure assigns
   * TPM/RPM quota per deployment, and the deployment is the call's model, so the limit is per
   * model.
   */
  static boolean isDeploymentLimit(ErrorBody b) {
    String text = b.text();
    return text.contains("under azure openai api version") && text.contains("rate limit");
  }
}
