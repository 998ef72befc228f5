package dev.rebound.agent.classify;

/**
 * The facts of Mistral's error dialect ({"object":"error","message":...,"type":...,"code":...}):
 * capacity limits that bind one model. Decides nothing on its own; {@link Classifier} asks.
 * Stateless and thread-safe.
 */
final class MistralSignals {

  private MistralSignals() {}

  /**
   * SPEC §4 scope MODEL: 429 "Service tier capacity exceeded for this model." (issue
   * continuedev/continue#6185): the model's capacity, not the account's, is spent.
   */
  static boolean isModelCapacity(ErrorBody b) {
    return b.text().contains("capacity exceeded for this model");
  }
}
