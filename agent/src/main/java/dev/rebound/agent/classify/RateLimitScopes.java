package dev.rebound.agent.classify;

import java.util.Locale;

/**
 * Decides whom a gateway rate limit binds (SPEC §4): the requested model when the error names the
 * model or its quota is per model, the whole host otherwise. Stateless and thread-safe.
 */
final class RateLimitScopes {

  /** Model ids shorter than this ("o1") are too likely to appear in any text by chance. */
  private static final int MIN_NAME_LENGTH = 4;

  private RateLimitScopes() {}

  static RateLimitScope of(ErrorBody b, String model) {
    boolean perModel =
        GeminiSignals.isPerModelQuota(b)
            || OpenRouterSignals.isModelScoped(b, model)
            || OpenAiSignals.namesModelInLimit(b)
            || AnthropicSignals.namesModelInLimit(b)
            || AzureSignals.isDeploymentLimit(b)
            || MistralSignals.isModelCapacity(b)
            || namesRequestedModel(b, model);
    return perModel ? RateLimitScope.MODEL : RateLimitScope.HOST;
  }

  /**
   * SPEC §4: "when the error names the model". Also the name without its vendor prefix, since a
   * gateway's "openai/gpt-4o" is "gpt-4o" to the provider that wrote the message.
   */
  static boolean namesRequestedModel(ErrorBody b, String model) {
    if (model == null) {
      return false;
    }
    String text = b.text();
    String full = model.toLowerCase(Locale.ROOT);
    String bare = full.substring(full.lastIndexOf('/') + 1);
    return (full.length() >= MIN_NAME_LENGTH && text.contains(full))
        || (bare.length() >= MIN_NAME_LENGTH && text.contains(bare));
  }
}
