package dev.rebound.agent.engine;

import dev.rebound.agent.classify.Verdict;

/**
 * Everything {@link DecisionTable} needs to know about the call after one attempt. Immutable.
 *
 * @param verdict how the attempt ended
 * @param attemptsOnModel attempts counted against the current model, this one included (the
 *     provider-avoiding retry is not counted)
 * @param maxAttemptsOnModel how many the model may have (1 for an SDK's own retry, SPEC §4)
 * @param retryOff {@code x-rebound-retry: off}: exactly one request
 * @param canAvoidProvider an OpenRouter provider is named and may still be avoided for this model
 * @param hasNextModel whether each chain has a model left, indexed by {@link ChainKind#ordinal()}
 * @param remainingMillis time left before the call's deadline
 */
record Situation(
    Verdict verdict,
    int attemptsOnModel,
    int maxAttemptsOnModel,
    boolean retryOff,
    boolean canAvoidProvider,
    boolean[] hasNextModel,
    long remainingMillis) {

  boolean hasNext(ChainKind kind) {
    return hasNextModel[kind.ordinal()];
  }
}
