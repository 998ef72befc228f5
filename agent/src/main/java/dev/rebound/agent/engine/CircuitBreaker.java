package dev.rebound.agent.engine;

import dev.rebound.api.Classification;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The circuit of one (host, model) and the calls waiting for it (SPEC §4): THE place that decides
 * who may send to the model, who waits, and who goes when. It opens after {@code threshold}
 * consecutive health failures; while open it rejects calls; once the open time is over (never
 * shorter than the last server hint) one probe goes, the longest waiter first. While the probe is
 * in flight, waiting calls wait for its result: a success closes the circuit and releases them in
 * arrival order with a slow start (two per success, so twice as many in flight each round) until
 * none waits, and calls that arrive meanwhile queue behind; a failure opens it again and they wait
 * on. Everything that changes the circuit comes in through {@link #open} and {@link #close}, so
 * that another source of "open until T" or "the probe worked" (a fleet sharing its circuits) can
 * feed the same waiting and release. Thread-safe: every method is short and synchronized, no lock
 * is held across I/O, and waiters are woken outside the lock.
 */
final class CircuitBreaker {
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /** What an attempt's classification says of the model's health (SPEC §4). */
  enum Health {
    /** The model is unwell: counts toward opening the circuit. */
    FAILURE,
    /** The account or gateway hit a limit: neither counts nor resets the count. */
    NEUTRAL,
    /** Any deliberate answer, even a refusal, shows the model's endpoint works. */
    SUCCESS;

    static Health of(Classification c) {
      switch (c) {
        case PROVIDER_UNAVAILABLE:
        case PROVIDER_RATE_LIMIT:
        case TIMEOUT:
        case NETWORK:
          return FAILURE;
        case GATEWAY_RATE_LIMIT:
          // The coordinated pause deals with it; the model is not unwell because the account is.
          return NEUTRAL;
        default:
          return SUCCESS;
      }
    }
  }

  /**
   * Told of every state change, outside the lock; {@code untilNanos} for an open circuit; {@code
   * remote} when another JVM of the fleet caused it ({@link #openRemotely}, {@link
   * #closeRemotely}).
   */
  interface Listener {
    void changed(State state, long untilNanos, boolean remote);
  }

  /**
   * A call's claim on the circuit: the probe, or a place in the slow start. It is given back once,
   * by the attempt's result or by the call ending without one.
   */
  static final class Turn {
    private final boolean probe;
    private final long ramp;
    private final AtomicBoolean returned = new AtomicBoolean();

    private Turn(boolean probe, long ramp) {
      this.probe = probe;
      this.ramp = ramp;
    }
  }

  /**
   * A call waiting for this circuit, in arrival order. Its future completes once: with a turn (the
   * call may send now), or with null (the circuit changed: the call looks at its chain again).
   */
  static final class Waiter {
    private final long arrival;
    final CompletableFuture<Turn> wake = new CompletableFuture<>();

    Waiter(long arrival) {
      this.arrival = arrival;
    }
  }

  /**
   * Whether a call may send now. When not: {@code untilNanos} is when a probe may go (for a circuit
   * whose probe is in flight, when a probe that never reported is replaced), and {@code
   * awaitingResult} says a result, not the clock, lets calls through next.
   */
  record Admission(boolean allowed, Turn turn, long untilNanos, boolean awaitingResult) {
    static final Admission GO = new Admission(true, null, 0, false);
  }

  private final int threshold;
  private final long openNanos;
  private final Listener listener;
  private final TreeMap<Long, Waiter> waiters = new TreeMap<>();
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private long openUntilNanos;

  /** Open because another JVM opened it: that JVM probes, this one only after a further period. */
  private boolean heldForRemote;

  private long probeStartedNanos;
  private Turn probe;

  /** The slow start in progress, if any: its number, how many may be in flight, how many are. */
  private long ramp;

  private boolean ramping;
  private int window;
  private int inFlight;

  CircuitBreaker(int threshold, long openNanos, Listener listener) {
    this.threshold = threshold;
    this.openNanos = openNanos;
    this.listener = listener;
  }

  /**
   * A call's first request (or a waiting call's new look): may it go? A call never overtakes an
   * earlier waiter: while calls wait, a newcomer waits too.
   */
  Admission enter(long now, long arrival) {
    Wakes wakes = new Wakes(now, false);
    Admission a;
    synchronized (this) {
      pump(now, wakes);
      boolean earlierWaits = !waiters.isEmpty() && waiters.firstKey() < arrival;
      if (state == State.CLOSED && !ramping) {
        a = Admission.GO;
      } else if (state == State.CLOSED && !earlierWaits && inFlight < window) {
        inFlight++;
        a = new Admission(true, new Turn(false, ramp), 0, false);
      } else if (state == State.OPEN && !earlierWaits && now - openUntilNanos >= 0) {
        a = new Admission(true, startProbe(now, wakes), 0, false);
      } else {
        a = blocked(now);
      }
    }
    wakes.run();
    return a;
  }

  /**
   * A follow-up request of a call already under way (a retry or a fallback): no queue to respect,
   * but an open circuit is skipped; the holder of the probe may retry it.
   */
  Admission admit(long now, Turn held) {
    Wakes wakes = new Wakes(now, false);
    Admission a;
    synchronized (this) {
      pump(now, wakes);
      if (state == State.CLOSED || (held != null && held == probe)) {
        a = Admission.GO;
      } else if (state == State.OPEN && waiters.isEmpty() && now - openUntilNanos >= 0) {
        a = new Admission(true, startProbe(now, wakes), 0, false);
      } else {
        a = blocked(now);
      }
    }
    wakes.run();
    return a;
  }

  private Admission blocked(long now) {
    return switch (state) {
      case OPEN -> new Admission(false, null, openUntilNanos, false);
      case HALF_OPEN -> new Admission(false, null, probeStartedNanos + openNanos, true);
      // Closed, in a slow start: a result frees the next place; a call that waits this long
      // looks again, as for a probe that never reports.
      case CLOSED -> new Admission(false, null, now + openNanos, true);
    };
  }

  /**
   * What {@link #enter} would answer now, changing nothing: for a call under way that asks whether
   * to wait for this circuit.
   */
  synchronized Admission peek(long now) {
    if (state == State.CLOSED && !ramping) {
      return Admission.GO;
    }
    if (state == State.HALF_OPEN && now - probeStartedNanos >= openNanos) {
      // A probe that never reported is about to be replaced: the next look may be it.
      return new Admission(false, null, now, false);
    }
    return blocked(now);
  }

  /** Queues a call until its turn or a change; it may be woken at once. */
  void await(Waiter waiter, long now) {
    Wakes wakes = new Wakes(now, false);
    synchronized (this) {
      waiters.put(waiter.arrival, waiter);
      pump(now, wakes);
    }
    wakes.run();
  }

  /**
   * Takes a waiter out of the queue (its wait is over, or it was cancelled) and returns the turn it
   * was given, if any; the caller sends with it or gives it back. What is due now is handed out
   * first, so that a waiter whose timer brought it here keeps its place in line.
   */
  Turn leave(Waiter waiter, long now) {
    Wakes wakes = new Wakes(now, false);
    synchronized (this) {
      pump(now, wakes);
      waiters.remove(waiter.arrival, waiter);
    }
    wakes.run();
    if (waiter.wake.complete(null)) {
      return null;
    }
    return waiter.wake.getNow(null);
  }

  /**
   * The result of an attempt on this model; {@code turn} is the claim the call holds, if any.
   * Returns whether the turn is used up (a neutral result leaves it with the call, which retries).
   */
  boolean onResult(long now, Health health, long hintNanos, Turn turn) {
    if (health == Health.NEUTRAL) {
      return false;
    }
    Wakes wakes = new Wakes(now, false);
    synchronized (this) {
      boolean mine = turn != null && turn.returned.compareAndSet(false, true);
      if (health == Health.SUCCESS) {
        consecutiveFailures = 0;
        if (state != State.CLOSED) {
          close(wakes);
        } else if (mine && !turn.probe && ramping && turn.ramp == ramp) {
          // Slow start: the place is free again and one more is added.
          inFlight--;
          window++;
        }
      } else {
        consecutiveFailures++;
        if ((mine && turn == probe)
            || (state == State.CLOSED && consecutiveFailures >= threshold)) {
          open(now + Math.max(openNanos, hintNanos), wakes);
        } else if (state == State.OPEN) {
          // Failures of attempts admitted before it opened: a longer hint still extends it.
          openUntilNanos = Math.max(openUntilNanos, now + hintNanos);
        } else if (mine && ramping && turn.ramp == ramp) {
          inFlight--;
        }
      }
      pump(now, wakes);
    }
    wakes.run();
    return true;
  }

  /** A call gives back a turn it did not use to the end (it ended, or moved to another model). */
  void giveBack(Turn turn, long now) {
    if (turn == null || !turn.returned.compareAndSet(false, true)) {
      return;
    }
    Wakes wakes = new Wakes(now, false);
    synchronized (this) {
      if (turn == probe && state == State.HALF_OPEN) {
        // No result: the next waiter probes at once.
        state = State.OPEN;
        probe = null;
      } else if (!turn.probe && ramping && turn.ramp == ramp) {
        inFlight--;
      }
      pump(now, wakes);
    }
    wakes.run();
  }

  /**
   * Another JVM of the fleet opened this circuit until {@code now + remainingNanos}. That JVM
   * probes; this one waits for its result ({@link #closeRemotely}) and probes itself only if none
   * comes within another open period. A circuit already open longer here, or whose own probe is in
   * flight, stays as it is.
   */
  void openRemotely(long now, long remainingNanos) {
    long remoteUntil = now + remainingNanos;
    Wakes wakes = new Wakes(now, true);
    synchronized (this) {
      if (state == State.HALF_OPEN) {
        return;
      }
      // Of two JVMs that opened it, the one whose probe is due last sends it: the other adopts
      // that open time, so that exactly one probe goes, whatever order the messages arrive in.
      long probeDue = heldForRemote ? openUntilNanos - openNanos : openUntilNanos;
      if (state == State.OPEN && probeDue - remoteUntil >= 0) {
        return;
      }
      open(remoteUntil + openNanos, wakes);
      heldForRemote = true;
      // Reported as the fleet sees it: open until the other JVM's probe.
      wakes.untils.set(wakes.untils.size() - 1, remoteUntil);
    }
    wakes.run();
  }

  /** Another JVM's probe succeeded: the circuit closes, and its waiters go in a slow start. */
  void closeRemotely(long now) {
    Wakes wakes = new Wakes(now, true);
    synchronized (this) {
      consecutiveFailures = 0;
      if (state == State.CLOSED) {
        return;
      }
      close(wakes);
      pump(now, wakes);
    }
    wakes.run();
  }

  /** The circuit opens until {@code untilNanos}; every waiter looks at its chain again. */
  private void open(long untilNanos, Wakes wakes) {
    state = State.OPEN;
    heldForRemote = false;
    openUntilNanos = untilNanos;
    probe = null;
    ramping = false;
    wakeAll(wakes);
    wakes.changed(State.OPEN, untilNanos);
  }

  /** Every waiter looks at its chain again (and queues again, keeping its place in line). */
  private void wakeAll(Wakes wakes) {
    for (Waiter w : waiters.values()) {
      wakes.add(w, null);
    }
    waiters.clear();
  }

  /** The model works again: the waiters go in a slow start, the probe counting as the first. */
  private void close(Wakes wakes) {
    state = State.CLOSED;
    probe = null;
    if (!waiters.isEmpty()) {
      ramping = true;
      ramp++;
      window = 2;
      inFlight = 0;
    }
    wakes.changed(State.CLOSED, 0);
  }

  private Turn startProbe(long now, Wakes wakes) {
    state = State.HALF_OPEN;
    probeStartedNanos = now;
    probe = new Turn(true, 0);
    wakes.changed(State.HALF_OPEN, openUntilNanos);
    return probe;
  }

  /** Hands out what the state allows to the longest waiters. Caller holds the lock. */
  private void pump(long now, Wakes wakes) {
    if (state == State.HALF_OPEN && now - probeStartedNanos >= openNanos) {
      // A probe that never reported (its call abandoned without ending) is replaced after another
      // open period, so the circuit cannot stay half-open forever.
      state = State.OPEN;
      probe = null;
    }
    if (state == State.OPEN && now - openUntilNanos >= 0 && !waiters.isEmpty()) {
      wakes.add(waiters.pollFirstEntry().getValue(), startProbe(now, wakes));
    }
    if (state != State.CLOSED) {
      return;
    }
    if (!ramping) {
      // Closed without a slow start (another call's success closed it): everyone looks again.
      // Most results find nobody waiting: no walk over an empty queue then.
      if (!waiters.isEmpty()) {
        wakeAll(wakes);
      }
      return;
    }
    while (!waiters.isEmpty() && inFlight < window) {
      inFlight++;
      wakes.add(waiters.pollFirstEntry().getValue(), new Turn(false, ramp));
    }
    if (waiters.isEmpty()) {
      // Nobody waits any more: the circuit is simply closed.
      ramping = false;
    }
  }

  /** Wakes and state changes collected under the lock, delivered after it. */
  private final class Wakes {
    private final long now;
    private final boolean remote;
    // Made by the first wake or change: most calls find a closed circuit and have neither.
    private List<Waiter> woken;
    private List<Turn> turns;
    private List<State> states;
    private List<Long> untils;

    Wakes(long now, boolean remote) {
      this.now = now;
      this.remote = remote;
    }

    void add(Waiter w, Turn turn) {
      if (woken == null) {
        woken = new ArrayList<>();
        turns = new ArrayList<>();
      }
      woken.add(w);
      turns.add(turn);
    }

    void changed(State s, long until) {
      if (states == null) {
        states = new ArrayList<>();
        untils = new ArrayList<>();
      }
      states.add(s);
      untils.add(until);
    }

    void run() {
      for (int i = 0; states != null && i < states.size(); i++) {
        listener.changed(states.get(i), untils.get(i), remote);
      }
      for (int i = 0; woken != null && i < woken.size(); i++) {
        Turn turn = turns.get(i);
        if (!woken.get(i).wake.complete(turn) && turn != null) {
          // The waiter left meanwhile: its turn goes to the next one.
          giveBack(turn, now);
        }
      }
    }
  }
}
