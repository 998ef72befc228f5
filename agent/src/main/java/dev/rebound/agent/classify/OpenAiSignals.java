package dev.rebound.agent.classify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts of OpenAI's error dialect (docs "Error codes" and "Rate limits"), which Groq, DeepSeek
 * and Azure OpenAI share: quota, context length, unknown models and model-named rate limits.
 * Decides nothing on its own; {@link Classifier} asks. Stateless and thread-safe.
 */
final class OpenAiSignals {

  /** "Rate limit reached for gpt-4o in organization", Groq "for model `llama-3.3-70b` in ...". */
  private static final Pattern MODEL_LIMIT =
      Pattern.compile(
          "rate limit reached for (?:model )?`?([\\w./:-]+)`?"
              + "(?: \\(for limit [\\w./:-]+\\))? in organization");

  /** 2023 shared limit groups, "Rate limit reached for 10KTPM-200RPM in organization": no model. */
  private static final Pattern LIMIT_GROUP = Pattern.compile("\\d+k?tpm-\\d+k?rpm");

  /** "The model `gpt-5` does not exist", Groq "The model `x` has been decommissioned". */
  private static final Pattern MODEL_GONE =
      Pattern.compile(
          "the model `?[\\w./:-]+`? (?:does not exist|has been (?:deprecated|decommissioned))");

  private OpenAiSignals() {}

  /**
   * SPEC §3 QUOTA_EXHAUSTED: insufficient_quota "You exceeded your current quota" (issue
   * Pythagora-io/gpt-pilot#340); docs "Spend limits": organization/project_spend_limit_exceeded.
   */
  static boolean isQuota(ErrorBody b) {
    return b.codeIs("insufficient_quota", "organization_spend_limit_exceeded")
        || b.codeIs("project_spend_limit_exceeded", "credit_balance_exhausted");
  }

  /** SPEC §3 QUOTA_EXHAUSTED: DeepSeek 402 "Insufficient Balance" (issue Aider-AI/aider#4851). */
  static boolean isInsufficientBalance(ErrorBody b) {
    return b.text().contains("insufficient balance");
  }

  /**
   * SPEC §3 REQUEST_TOO_LARGE: context_length_exceeded "This model's maximum context length is"
   * (issue chathub-dev/chathub#126), 429 "Request too large for gpt-4o ... on tokens per min"
   * (issue Aider-AI/aider#1880), Groq 413 "Request too large for model" (podscript#20).
   */
  static boolean isContextTooLong(ErrorBody b) {
    String text = b.text();
    return b.codeIs("context_length_exceeded")
        || text.contains("maximum context length")
        || text.contains("request too large")
        || text.contains("reduce the length of the messages");
  }

  /**
   * SPEC §3 MODEL_UNAVAILABLE: model_not_found "The model `gpt-4` does not exist or you do not have
   * access to it" (issue openai/openai-agents-python#458); deprecated/decommissioned models.
   */
  static boolean isModelNotFound(ErrorBody b) {
    return b.codeIs("model_not_found", "model_decommissioned")
        || MODEL_GONE.matcher(b.text()).find();
  }

  /** SPEC §4 scope MODEL: the limit names the model (OpenAI and Groq 429 samples). */
  static boolean namesModelInLimit(ErrorBody b) {
    Matcher m = MODEL_LIMIT.matcher(b.text());
    // The limit group of issue Pythagora-io/gpt-pilot#17 is an account-wide limit, not a model.
    return m.find() && !LIMIT_GROUP.matcher(m.group(1)).matches();
  }
}
