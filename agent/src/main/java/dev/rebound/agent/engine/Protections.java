package dev.rebound.agent.engine;

import dev.rebound.agent.classify.Verdict;
import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.engine.CircuitBreaker.State;
import dev.rebound.agent.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What protects a provider from the calls of this JVM (SPEC §4): a circuit per (host, model) and a
 * retry budget per host, shared by every call. Reports circuit changes as they happen. Thread-safe.
 */
final class Protections {
  private final ReboundConfig config;
  private final Clock clock;
  private final EngineEvents events;
  private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, RetryBudget> budgets = new ConcurrentHashMap<>();

  Protections(ReboundConfig config, Clock clock, EngineEvents events) {
    this.config = config;
    this.clock = clock;
    this.events = events;
  }

  /** Whether an attempt for this model may be sent now; a rejection carries when it may again. */
  CircuitBreaker.Admission admit(String host, String model) {
    CircuitBreaker.Admission a = breaker(host, model).admit(clock.nanoTime());
    report(host, model, a.changedTo(), a.openUntilNanos());
    return a;
  }

  void onResult(String host, String model, Verdict verdict) {
    CircuitBreaker breaker = breaker(host, model);
    if (verdict.classification().isRetryable()) {
      long hintNanos = verdict.hasHint() ? verdict.hintMillis() * 1_000_000 : -1;
      State changed = breaker.onFailure(clock.nanoTime(), hintNanos);
      report(host, model, changed, breaker.openUntilNanos());
    } else {
      // Any deliberate answer, even a refusal, shows the model's endpoint works.
      report(host, model, breaker.onSuccess(), 0);
    }
  }

  void recordFirstAttempt(String host) {
    budget(host).recordFirst(clock.nanoTime());
  }

  /** Counts a follow-up request against the host's budget; false when it must not be sent. */
  boolean allowFollowUp(String host) {
    if (budget(host).tryFollowUp(clock.nanoTime())) {
      return true;
    }
    events.budgetDenied();
    return false;
  }

  private void report(String host, String model, State changed, long untilNanos) {
    if (changed == null) {
      return;
    }
    Instant until =
        changed == State.OPEN
            ? Instant.ofEpochMilli(clock.currentTimeMillis() + (untilNanos - clock.nanoTime()) / 1_000_000)
            : null;
    events.breaker(host, model, changed.name().toLowerCase(Locale.ROOT), until);
  }

  private CircuitBreaker breaker(String host, String model) {
    String key = host + ' ' + (model == null ? "" : model);
    return breakers.computeIfAbsent(
        key,
        k -> new CircuitBreaker(
            config.breakerFailureThreshold(), config.breakerOpenDuration().toNanos()));
  }

  private RetryBudget budget(String host) {
    return budgets.computeIfAbsent(
        host, h -> new RetryBudget(config.retryBudget(), config.retryBudgetMinPerSecond()));
  }
}
