package dev.rebound.agent.engine;

import dev.rebound.agent.classify.Verdict;
import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.engine.CircuitBreaker.State;
import dev.rebound.agent.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What protects a provider from the calls of this JVM (SPEC §4): a circuit per (host, model) with
 * the calls waiting for it ({@link CircuitBreaker}), a retry budget per host and the coordinated
 * pause after a gateway rate limit, shared by every call.
 * Reports circuit changes as they happen. Thread-safe.
 */
final class Protections {
  private final ReboundConfig config;
  private final Clock clock;
  private final EngineEvents events;
  private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, RetryBudget> budgets = new ConcurrentHashMap<>();
  private final HostPause pause = new HostPause();
  private final AtomicLong arrivals = new AtomicLong();

  Protections(ReboundConfig config, Clock clock, EngineEvents events) {
    this.config = config;
    this.clock = clock;
    this.events = events;
  }

  /** The next call's place in arrival order, for the waits of {@link CircuitBreaker}. */
  long nextArrival() {
    return arrivals.incrementAndGet();
  }

  /** Whether a call's first request may go to this model now (SPEC §4, waiting calls first). */
  CircuitBreaker.Admission enter(String host, String model, long arrival) {
    return breaker(host, model).enter(clock.nanoTime(), arrival);
  }

  /** Whether a follow-up request may go to this model now; {@code held} is the call's turn. */
  CircuitBreaker.Admission admit(String host, String model, CircuitBreaker.Turn held) {
    return breaker(host, model).admit(clock.nanoTime(), held);
  }

  /** Whether a call's request could go to this model now, changing nothing. */
  CircuitBreaker.Admission peek(String host, String model) {
    return breaker(host, model).peek(clock.nanoTime());
  }

  /** Queues a call that waits for this model's circuit. */
  void await(String host, String model, CircuitBreaker.Waiter waiter) {
    breaker(host, model).await(waiter, clock.nanoTime());
  }

  /** Ends a call's wait; returns the turn it was given meanwhile, if any. */
  CircuitBreaker.Turn leave(String host, String model, CircuitBreaker.Waiter waiter) {
    return breaker(host, model).leave(waiter, clock.nanoTime());
  }

  /** A call gives back a turn it will not report a result for. */
  void giveBack(String host, String model, CircuitBreaker.Turn turn) {
    breaker(host, model).giveBack(turn, clock.nanoTime());
  }

  /**
   * Tells the model's circuit how an attempt ended; returns whether the call's turn is used up.
   * Only health failures count toward opening it (SPEC §4).
   */
  boolean onResult(String host, String model, Verdict verdict, CircuitBreaker.Turn turn) {
    long hintNanos = verdict.hasHint() ? verdict.hintMillis() * 1_000_000 : -1;
    return breaker(host, model)
        .onResult(
            clock.nanoTime(),
            CircuitBreaker.Health.of(verdict.classification()),
            hintNanos,
            turn);
  }

  /**
   * After a gateway rate limit with a hint, every managed call to the host (or, for a limit of one
   * model, to that model) waits for it. A hint above {@code retry.max-wait} is not honoured: no call
   * would wait for it anyway.
   */
  void pauseFor(String host, String model, Verdict verdict) {
    if (verdict.classification() != dev.rebound.api.Classification.GATEWAY_RATE_LIMIT
        || !verdict.hasHint()
        || verdict.hintMillis() > config.maxWait().toMillis()) {
      return;
    }
    long until = clock.nanoTime() + verdict.hintMillis() * 1_000_000;
    boolean modelScope = verdict.scope() == dev.rebound.agent.classify.RateLimitScope.MODEL;
    pause.pause(host, modelScope ? model : null, until);
  }

  /** How long a call to this model must still wait for a coordinated pause; 0 when none. */
  long pauseNanos(String host, String model) {
    return pause.remainingNanos(host, model, clock.nanoTime());
  }

  long hostPauseNanos(String host) {
    return pause.hostRemainingNanos(host, clock.nanoTime());
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
        k ->
            new CircuitBreaker(
                config.breakerFailureThreshold(),
                config.breakerOpenDuration().toNanos(),
                (state, until) -> report(host, model, state, until)));
  }

  private RetryBudget budget(String host) {
    return budgets.computeIfAbsent(
        host, h -> new RetryBudget(config.retryBudget(), config.retryBudgetMinPerSecond()));
  }
}
