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
 * pause after a gateway rate limit, shared by every call; with a fleet sharing its limits (SPEC
 * §8), pauses and circuits are kept per credential, and what changes here is published. Reports
 * circuit changes as they happen. Thread-safe.
 */
final class Protections {
  private final ReboundConfig config;
  private final Clock clock;
  private final EngineEvents events;
  private final ConcurrentMap<BreakerKey, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  /**
   * A circuit's name, so that finding one per attempt builds no string. Not a record: a record's
   * {@code hashCode} and {@code equals} are bootstrapped through method handles, some forty
   * generated classes on the first managed call.
   */
  private static final class BreakerKey {
    private final String host;
    private final String credential;
    private final String model;

    BreakerKey(String host, String credential, String model) {
      this.host = host;
      this.credential = credential;
      this.model = model;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BreakerKey k
          && host.equals(k.host)
          && credential.equals(k.credential)
          && model.equals(k.model);
    }

    @Override
    public int hashCode() {
      return (host.hashCode() * 31 + credential.hashCode()) * 31 + model.hashCode();
    }
  }

  private final ConcurrentMap<String, RetryBudget> budgets = new ConcurrentHashMap<>();
  private final HostPause pause = new HostPause();
  private final AtomicLong arrivals = new AtomicLong();

  /** Where what this JVM learns goes, when a fleet shares its limits (SPEC §8); else null. */
  private volatile SharedLimits shared;

  Protections(ReboundConfig config, Clock clock, EngineEvents events) {
    this.config = config;
    this.clock = clock;
    this.events = events;
  }

  /**
   * From now on, what this JVM learns goes to {@code fleet}, and pauses and circuits are kept per
   * credential, as the fleet keeps them.
   */
  void shareThrough(SharedLimits fleet) {
    this.shared = fleet;
  }

  /**
   * The credential of a call, as the pauses and circuits shared by a fleet know it; the empty
   * string when nothing is shared, so that a JVM on its own keeps one pause and circuit per host.
   */
  String credentialOf(LlmCall call) {
    return shared == null ? "" : CredentialFingerprint.of(call);
  }

  /** Applies what another JVM of the fleet learned; see {@link RemoteLimits}. */
  void applyPause(String host, String model, String credential, long millis) {
    pause.pause(scoped(host, credential), model, clock.nanoTime() + millis * 1_000_000);
  }

  void applyOpen(String host, String model, String credential, long millis) {
    circuit(host, credential, model).openRemotely(clock.nanoTime(), millis * 1_000_000);
  }

  void applyProbeSuccess(String host, String model, String credential) {
    circuit(host, credential, model).closeRemotely(clock.nanoTime());
  }

  /** The next call's place in arrival order, for the waits of {@link CircuitBreaker}. */
  long nextArrival() {
    return arrivals.incrementAndGet();
  }

  /** Whether a call's first request may go to this circuit's model now (SPEC §4, waiting first). */
  CircuitBreaker.Admission enter(CircuitBreaker circuit, long arrival) {
    return circuit.enter(clock.nanoTime(), arrival);
  }

  /** Whether a follow-up request may go to this circuit's model now; {@code held} is the turn. */
  CircuitBreaker.Admission admit(CircuitBreaker circuit, CircuitBreaker.Turn held) {
    return circuit.admit(clock.nanoTime(), held);
  }

  /** Whether a call's request could go to this circuit's model now, changing nothing. */
  CircuitBreaker.Admission peek(CircuitBreaker circuit) {
    return circuit.peek(clock.nanoTime());
  }

  /** Queues a call that waits for this circuit. */
  void await(CircuitBreaker circuit, CircuitBreaker.Waiter waiter) {
    circuit.await(waiter, clock.nanoTime());
  }

  /** Ends a call's wait; returns the turn it was given meanwhile, if any. */
  CircuitBreaker.Turn leave(CircuitBreaker circuit, CircuitBreaker.Waiter waiter) {
    return circuit.leave(waiter, clock.nanoTime());
  }

  /** A call gives back a turn it will not report a result for. */
  void giveBack(CircuitBreaker circuit, CircuitBreaker.Turn turn) {
    circuit.giveBack(turn, clock.nanoTime());
  }

  /**
   * Tells the circuit how an attempt ended; returns whether the call's turn is used up. Only health
   * failures count toward opening it (SPEC §4).
   */
  boolean onResult(CircuitBreaker circuit, Verdict verdict, CircuitBreaker.Turn turn) {
    long hintNanos = verdict.hasHint() ? verdict.hintMillis() * 1_000_000 : -1;
    return circuit.onResult(
        clock.nanoTime(), CircuitBreaker.Health.of(verdict.classification()), hintNanos, turn);
  }

  /**
   * After a gateway rate limit with a hint, every managed call to the host (or, for a limit of one
   * model, to that model) waits for it. A hint above {@code retry.max-wait} is not honoured: no
   * call would wait for it anyway.
   */
  void pauseFor(String host, String credential, String model, Verdict verdict) {
    if (verdict.classification() != dev.rebound.api.Classification.GATEWAY_RATE_LIMIT
        || !verdict.hasHint()
        || verdict.hintMillis() > config.maxWait().toMillis()) {
      return;
    }
    long until = clock.nanoTime() + verdict.hintMillis() * 1_000_000;
    boolean modelScope = verdict.scope() == dev.rebound.agent.classify.RateLimitScope.MODEL;
    String scope = modelScope ? model : null;
    pause.pause(scoped(host, credential), scope, until);
    SharedLimits fleet = shared;
    if (fleet != null) {
      fleet.publishPause(host, scope, credential, verdict.hintMillis());
    }
  }

  /** How long a call to this model must still wait for a coordinated pause; 0 when none. */
  long pauseNanos(String host, String credential, String model) {
    return pause.remainingNanos(scoped(host, credential), model, clock.nanoTime());
  }

  long hostPauseNanos(String host, String credential) {
    return pause.hostRemainingNanos(scoped(host, credential), clock.nanoTime());
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

  private void report(
      String host,
      String credential,
      String model,
      State changed,
      long untilNanos,
      boolean remote) {
    SharedLimits fleet = shared;
    if (fleet != null && !remote) {
      if (changed == State.OPEN) {
        fleet.publishOpen(
            host, model, credential, Math.max(0, (untilNanos - clock.nanoTime()) / 1_000_000));
      } else if (changed == State.CLOSED) {
        fleet.publishProbeSuccess(host, model, credential);
      }
    }
    Instant until =
        changed == State.OPEN
            ? Instant.ofEpochMilli(
                clock.currentTimeMillis() + (untilNanos - clock.nanoTime()) / 1_000_000)
            : null;
    events.breaker(host, model, changed.name().toLowerCase(Locale.ROOT), until);
  }

  /**
   * The circuit of (host, credential, model); a call keeps it for as long as it asks the same
   * model, so that each of its steps does not look it up again.
   */
  CircuitBreaker circuit(String host, String credential, String model) {
    BreakerKey key = new BreakerKey(host, credential, model == null ? "" : model);
    CircuitBreaker known = breakers.get(key);
    if (known != null) {
      return known;
    }
    // putIfAbsent, not computeIfAbsent with lambdas: this runs on a host's first managed call,
    // where spinning each lambda costs more than the rest of the lookup. A lost race makes a
    // breaker that is dropped unused.
    CircuitBreaker made =
        new CircuitBreaker(
            config.breakerFailureThreshold(),
            config.breakerOpenDuration().toNanos(),
            new Reporter(this, host, credential, model));
    CircuitBreaker raced = breakers.putIfAbsent(key, made);
    return raced != null ? raced : made;
  }

  /** Reports one circuit's changes. */
  private static final class Reporter implements CircuitBreaker.Listener {
    private final Protections protections;
    private final String host;
    private final String credential;
    private final String model;

    Reporter(Protections protections, String host, String credential, String model) {
      this.protections = protections;
      this.host = host;
      this.credential = credential;
      this.model = model;
    }

    @Override
    public void changed(State state, long until, boolean remote) {
      protections.report(host, credential, model, state, until, remote);
    }
  }

  /** The host as the pauses and circuits know it: per credential when a fleet shares them. */
  private static String scoped(String host, String credential) {
    return credential.isEmpty() ? host : host + '#' + credential;
  }

  private RetryBudget budget(String host) {
    RetryBudget known = budgets.get(host);
    if (known != null) {
      return known;
    }
    RetryBudget made = new RetryBudget(config.retryBudget(), config.retryBudgetMinPerSecond());
    RetryBudget raced = budgets.putIfAbsent(host, made);
    return raced != null ? raced : made;
  }
}
