package dev.rebound.agent.engine;

import dev.rebound.agent.classify.RateLimitScope;
import dev.rebound.agent.classify.Verdict;
import java.time.Duration;

/**
 * SPEC §4 as code: after an attempt, deliver it, ask the same model again (and after how long), ask
 * another model, or give up. The only place that decides; pure apart from the random number it is
 * given. Thread-safe (immutable).
 */
final class DecisionTable {
  private final Backoff backoff;
  private final long maxWaitMillis;

  DecisionTable(Backoff backoff, Duration maxWait) {
    this.backoff = backoff;
    this.maxWaitMillis = maxWait.toMillis();
  }

  Decision decide(Situation s, double random) {
    Verdict v = s.verdict();
    switch (v.classification()) {
      case SUCCESS:
        return Decision.DELIVER;
      case QUOTA_EXHAUSTED:
      case AUTH:
      case BAD_REQUEST:
        // Asking again cannot help, and another model would hit the same account or request.
        return Decision.GIVE_UP;
      default:
        break;
    }
    if (s.retryOff()) {
      return Decision.GIVE_UP;
    }
    switch (v.classification()) {
      case MODEL_UNAVAILABLE:
        return nextOrGiveUp(s, ChainKind.CURRENT);
      case REQUEST_TOO_LARGE:
        // Only a model with a larger context window can take the same request.
        return nextOrGiveUp(s, ChainKind.CONTEXT);
      case CONTENT_FILTERED:
        return nextOrGiveUp(s, ChainKind.CONTENT);
      case GATEWAY_RATE_LIMIT:
        if (v.scope() == RateLimitScope.MODEL && s.hasNext(ChainKind.CURRENT)) {
          // Another model has its own limit: no reason to wait.
          return Decision.nextModel(ChainKind.CURRENT);
        }
        // A host-wide limit binds every model on the host: falling back would only hit it again.
        return retryOr(s, random, v.scope() == RateLimitScope.MODEL);
      default:
        // PROVIDER_RATE_LIMIT, PROVIDER_UNAVAILABLE, TIMEOUT, NETWORK.
        if (s.canAvoidProvider()) {
          // The hint was the failing provider's; another provider can take the request now.
          return Decision.AVOID_PROVIDER;
        }
        return retryOr(s, random, true);
    }
  }

  /**
   * The same model again if it has attempts left and the wait fits; else the next model or none.
   */
  private Decision retryOr(Situation s, double random, boolean mayFallBack) {
    Verdict v = s.verdict();
    if (s.attemptsOnModel() < s.maxAttemptsOnModel()) {
      long wait =
          v.hasHint()
              ? Backoff.hintWaitMillis(v.hintMillis(), random)
              : backoff.delayMillis(s.attemptsOnModel(), random);
      boolean hintTooLong = v.hasHint() && v.hintMillis() > maxWaitMillis;
      // No wait starts that would end past the deadline: the next model or the failure, at once.
      if (!hintTooLong && wait < s.remainingMillis()) {
        return Decision.retryAfter(wait);
      }
    }
    return mayFallBack ? nextOrGiveUp(s, ChainKind.CURRENT) : Decision.GIVE_UP;
  }

  private static Decision nextOrGiveUp(Situation s, ChainKind kind) {
    return s.hasNext(kind) ? Decision.nextModel(kind) : Decision.GIVE_UP;
  }
}
