package dev.rebound.agent.engine;

/**
 * What the engine does after an attempt (SPEC §4). Immutable.
 *
 * @param action the next step
 * @param chain for {@link Action#NEXT_MODEL}: which list the model comes from
 * @param waitMillis for {@link Action#RETRY}: how long to wait first
 */
record Decision(Action action, ChainKind chain, long waitMillis) {

  enum Action {
    /** The attempt succeeded: hand it to the application. */
    DELIVER,
    /** Ask the same model again after {@code waitMillis}. */
    RETRY,
    /** Ask the same model again at once, with the failing OpenRouter provider ignored. */
    AVOID_PROVIDER,
    /** Ask the next model of {@code chain} at once. */
    NEXT_MODEL,
    /** Hand this failure to the application. */
    GIVE_UP
  }

  static final Decision DELIVER = new Decision(Action.DELIVER, ChainKind.CURRENT, 0);
  static final Decision GIVE_UP = new Decision(Action.GIVE_UP, ChainKind.CURRENT, 0);
  static final Decision AVOID_PROVIDER = new Decision(Action.AVOID_PROVIDER, ChainKind.CURRENT, 0);

  static Decision retryAfter(long waitMillis) {
    return new Decision(Action.RETRY, ChainKind.CURRENT, waitMillis);
  }

  static Decision nextModel(ChainKind chain) {
    return new Decision(Action.NEXT_MODEL, chain, 0);
  }
}
