package dev.rebound.agent.engine;

import dev.rebound.agent.classify.Classifier;
import dev.rebound.agent.classify.Verdict;
import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.config.ReboundConfig.SdkRetries;
import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;
import dev.rebound.api.Classification;
import dev.rebound.api.Outcome;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One managed call, step by step: what to send first, and after each attempt what to do next. The
 * order of protections for every request: deadline, then retry budget (follow-ups only), then the
 * model's circuit. The drivers in {@link CallEngine} run it on the caller's thread or on a
 * scheduler; the decisions are {@link DecisionTable}'s, the rewrites {@link ModelRewriter}'s.
 * Confined to one call: the async driver hands it from thread to thread, never using it from two at
 * once.
 */
final class CallSession<X extends Exchange> {
  private static final long NANOS_PER_MILLI = 1_000_000L;

  // values() copies its array on every call; a decision needs it once per attempt.
  private static final ChainKind[] CHAIN_KINDS = ChainKind.values();

  // Classes, not lambdas, on the path of a first managed call: a lambda is spun into a class of its
  // own when first run, which costs more there than loading a class from the jar.
  private static final Runnable NOTHING_TO_RELEASE = new ReleaseOnce(null);

  /** The next request, decided but not yet begun. */
  private record Plan(String model, byte[] body, String path, long waitMillis, boolean avoiding) {}

  private final CallEngine engine;
  private final LlmCall call;

  /** Whose limits this call shares in a fleet (SPEC §8); empty when sharing is off. */
  private final String credential;

  private final RequestFacts facts;
  private FallbackChain chain;
  private final boolean retryOff;
  private final boolean sdkRetry;
  private final long startNanos;
  private final List<AttemptRecord> attempts = new ArrayList<>();
  private final ResponseHeaders headers;
  private final CallWatch watch;

  private AttemptRequest inFlight;
  private long inFlightStartNanos;
  private int attemptsOnModel;
  private boolean avoidingProvider;
  private boolean providerAvoidedOnModel;
  private long waitNanosTotal;
  private Runnable release = NOTHING_TO_RELEASE;

  /** This call's place in arrival order, for waits on circuits. */
  private long arrival;

  /** The circuit wait in progress, if any (set and read on the call's thread, left on cancel). */
  private volatile CircuitBreaker.Waiter waiter;

  private String waitModel;
  private long waitStartedNanos;

  /** The claim on a circuit this call holds (the probe or a slow-start place), and its model. */
  private volatile CircuitBreaker.Turn turn;

  private String turnModel;

  /** Set once the call has an outcome; a late cancel must not record it twice. */
  private final java.util.concurrent.atomic.AtomicBoolean ended =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** The attempts that failed before the call's body was known, or null. */
  private final EarlyFailures before;

  /**
   * The circuit of the model the call asked last. Read by a late cancel on another thread: one
   * object with final fields, so that it never sees one model's name with another's circuit.
   */
  private KnownCircuit known;

  private record KnownCircuit(String model, CircuitBreaker circuit) {}

  CallSession(CallEngine engine, LlmCall call) {
    this(engine, call, null);
  }

  CallSession(CallEngine engine, LlmCall call, EarlyFailures before) {
    this.engine = engine;
    this.before = before;
    this.call = call;
    this.credential = engine.protections().credentialOf(call);
    this.facts = RequestFacts.of(call.path(), call.body());
    ReboundConfig config = engine.config();
    String retry = call.requestHeaders().get(CallHeaders.RETRY);
    this.retryOff = retry != null && retry.trim().equalsIgnoreCase("off");
    this.sdkRetry =
        config.sdkRetries() == SdkRetries.SUPPRESS
            && (CallHeaders.isSdkRetry(call.requestHeaders().get(CallHeaders.STAINLESS_RETRY_COUNT))
                || engine
                    .repeatedRequests()
                    .isRepeat(call.requestHeaders().get(RepeatedRequests.AZURE_REQUEST_ID)));
    this.headers = new ResponseHeaders(config.sdkRetries() == SdkRetries.SUPPRESS);
    if (before == null) {
      this.startNanos = engine.clock().nanoTime();
      this.watch = engine.events().watch();
    } else {
      this.startNanos = before.startNanos();
      this.watch = before.watch();
      this.waitNanosTotal = before.waitNanos();
      attempts.addAll(before.attemptsOn(facts.model()));
      attemptsOnModel = attempts.size();
    }
  }

  private FallbackChain newChain() {
    ReboundConfig config = engine.config();
    return facts.model() == null
        ? FallbackChain.none()
        : new FallbackChain(
            facts.model(), regularChain(config), config.contextModels(), config.contentModels());
  }

  private List<String> regularChain(ReboundConfig config) {
    String override = call.requestHeaders().get(CallHeaders.FALLBACK);
    return override != null
        ? CallHeaders.parseList(override)
        : config.fallbackChainFor(facts.model());
  }

  /**
   * The first request (after any coordinated pause), a wait for a circuit when every model of the
   * chain is open, or Rebound's own answer when nothing may be sent: a 503 when every circuit is
   * open and the call cannot wait, a 429 when the host is paused past this call's deadline.
   */
  Step<X> start() {
    if (before == null) {
      engine.protections().recordFirstAttempt(call.host());
    }
    arrival = engine.protections().nextArrival();
    return firstRequest();
  }

  private Step<X> firstRequest() {
    chain = newChain();
    // Made only once a model is found open: most calls find their first model closed.
    List<String> open = null;
    Soonest soonest = null;
    long firstProbe = Long.MAX_VALUE;
    long pausedFor = 0;
    while (true) {
      String model = chain.current();
      CircuitBreaker.Admission admission = engine.protections().enter(circuit(model), arrival);
      long pause = engine.protections().pauseNanos(call.host(), credential, model);
      boolean hasNext = chain.hasNext(ChainKind.CURRENT);
      if (!admission.allowed()) {
        if (open == null) {
          open = new ArrayList<>();
          soonest = new Soonest(engine.clock().nanoTime());
        }
        open.add(model);
        firstProbe = Math.min(firstProbe, admission.untilNanos());
        soonest.offer(model, admission);
      } else if (pause > 0
          && hasNext
          && engine.protections().hostPauseNanos(call.host(), credential) == 0) {
        // This model's own limit holds it back: another model goes at once (SPEC §4).
        giveBack(model, admission.turn());
        pausedFor = Math.max(pausedFor, pause);
      } else if (pause < remainingNanos()) {
        hold(model, admission.turn());
        waitNanosTotal += pause;
        return new Step.Send<>(
            begin(new Plan(model, bodyFor(model), pathFor(model), 0, false)), pause);
      } else {
        giveBack(model, admission.turn());
        pausedFor = Math.max(pausedFor, pause);
      }
      if (!hasNext) {
        if (open == null || open.size() != chain.triedCount()) {
          return new Step.Finish<>(paused(pausedFor));
        }
        Step<X> wait = waitFor(soonest);
        return wait != null ? wait : new Step.Finish<>(shortCircuit(open, firstProbe));
      }
      chain.advance(ChainKind.CURRENT);
    }
  }

  /**
   * For a call under way whose follow-up found no model to ask: the wait for the earliest probe
   * when every model of its chain is open and it may wait, else null (its failure is delivered).
   */
  private Step<X> waitForOpenChain() {
    if (!engine.config().breakerWait()) {
      return null;
    }
    FallbackChain all = newChain();
    Soonest soonest = new Soonest(engine.clock().nanoTime());
    while (true) {
      String model = all.current();
      CircuitBreaker.Admission admission = engine.protections().peek(circuit(model));
      if (admission.allowed()) {
        // A model of the chain is closed: the follow-up was held back by something else.
        return null;
      }
      soonest.offer(model, admission);
      if (!all.hasNext(ChainKind.CURRENT)) {
        return waitFor(soonest);
      }
      all.advance(ChainKind.CURRENT);
    }
  }

  /** The circuit of {@code model} on this call's host, looked up once while the call asks it. */
  private CircuitBreaker circuit(String model) {
    KnownCircuit k = known;
    if (k == null || !Objects.equals(k.model(), model)) {
      k = new KnownCircuit(model, engine.protections().circuit(call.host(), credential, model));
      known = k;
    }
    return k.circuit();
  }

  /** Of the open models of a chain, the one whose circuit lets a call through soonest. */
  private static final class Soonest {
    private final long now;
    private String model;

    /** When the model's probe goes, or now when a result (of a probe in flight) lets calls on. */
    private long eta;

    /** When a call waiting for it looks again at the latest. */
    private long wake;

    Soonest(long now) {
      this.now = now;
    }

    void offer(String candidate, CircuitBreaker.Admission admission) {
      long e = admission.awaitingResult() ? now : admission.untilNanos();
      if (model == null || e - eta < 0) {
        model = candidate;
        eta = e;
        wake = admission.untilNanos();
      }
    }
  }

  /**
   * The wait for the soonest circuit of the chain, or null when the call may not wait: without
   * {@code breaker.wait}, or when it comes past the deadline or beyond {@code retry.max-wait}, as
   * for any wait.
   */
  private Step<X> waitFor(Soonest soonest) {
    boolean may =
        engine.config().breakerWait() && soonest.eta - giveUpNanos(engine.clock().nanoTime()) < 0;
    return may ? waitFor(soonest.model, soonest.wake) : null;
  }

  /**
   * The latest a wait that starts now may end: the deadline, or {@code retry.max-wait} from now.
   */
  private long giveUpNanos(long now) {
    long maxWaitEnd = now + engine.config().maxWait().toNanos();
    long deadline = startNanos + engine.deadlineNanos();
    return maxWaitEnd - deadline < 0 ? maxWaitEnd : deadline;
  }

  /**
   * Queues the call for {@code model}'s circuit; it looks again at {@code wakeNanos} at the latest.
   */
  private Step<X> waitFor(String model, long wakeNanos) {
    // A probe held across the wait (after a gateway limit) would keep every waiter out.
    giveBackTurn();
    long now = engine.clock().nanoTime();
    long giveUp = giveUpNanos(now);
    waitModel = model;
    waitStartedNanos = now;
    CircuitBreaker.Waiter w = new CircuitBreaker.Waiter(arrival);
    waiter = w;
    engine.protections().await(circuit(model), w);
    long until = wakeNanos - giveUp < 0 ? wakeNanos : giveUp;
    return new Step.Wait<>(w.wake, Math.max(0, until - now));
  }

  /**
   * A wait for a circuit is over (a turn was given, the circuit changed, or time passed): send with
   * the turn, or look at the chain again.
   */
  Step<X> resume() {
    CircuitBreaker.Waiter w = waiter;
    waiter = null;
    waitNanosTotal += engine.clock().nanoTime() - waitStartedNanos;
    CircuitBreaker.Turn given = engine.protections().leave(circuit(waitModel), w);
    if (given == null) {
      return firstRequest();
    }
    String model = waitModel;
    chain = newChain();
    while (!Objects.equals(model, chain.current()) && chain.hasNext(ChainKind.CURRENT)) {
      chain.advance(ChainKind.CURRENT);
    }
    hold(model, given);
    return new Step.Send<>(begin(new Plan(model, bodyFor(model), pathFor(model), 0, false)), 0);
  }

  /**
   * Keeps a turn on {@code model}'s circuit until the attempt's result; gives back an older one.
   */
  private void hold(String model, CircuitBreaker.Turn given) {
    if (given == null) {
      return;
    }
    giveBackTurn();
    turn = given;
    turnModel = model;
  }

  private void giveBack(String model, CircuitBreaker.Turn given) {
    if (given != null) {
      engine.protections().giveBack(circuit(model), given);
    }
  }

  /** Gives back the turn the call holds, if any: it will not report a result for it. */
  private void giveBackTurn() {
    CircuitBreaker.Turn t = turn;
    turn = null;
    giveBack(turnModel, t);
  }

  /** The call ends: it leaves any queue it waits in and gives back any turn it did not use. */
  private void endWaits() {
    CircuitBreaker.Waiter w = waiter;
    waiter = null;
    if (w != null) {
      giveBack(waitModel, engine.protections().leave(circuit(waitModel), w));
    }
    giveBackTurn();
  }

  /**
   * The call waited longer than {@code queue-timeout} for a place under {@code max-concurrency}.
   */
  CallResult<X> queueTimedOut() {
    return synthetic(
        503,
        ResponseHeaders.errorBody(
            503, "rebound: queue timeout for " + call.host(), "rebound_queue_timeout"),
        headers.forQueueTimeout());
  }

  /** How long the call may wait for a place under {@code max-concurrency}. */
  long queueTimeoutNanos() {
    return Math.min(engine.config().queueTimeout().toNanos(), remainingNanos());
  }

  /**
   * What to run once the call has ended: giving back its place under {@code max-concurrency}. Run
   * once, whichever end comes first (its record, or {@link #abandon}).
   */
  void onEnd(Runnable release) {
    this.release = new ReleaseOnce(release);
  }

  /** Runs its release once, whichever end of the call comes first. */
  private static final class ReleaseOnce implements Runnable {
    private final Runnable release;
    private final java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();

    ReleaseOnce(Runnable release) {
      this.release = release;
    }

    @Override
    public void run() {
      if (release != null && done.compareAndSet(false, true)) {
        release.run();
      }
    }
  }

  /**
   * Something inside Rebound failed during the call: it gives back all it holds (its place under
   * {@code max-concurrency}, a circuit's turn, its place in a circuit's queue), so that later calls
   * do not pay for the failure. Records nothing: the adapter fails open, and the application gets
   * what the client gave it.
   */
  void abandon() {
    ended.set(true);
    endWaits();
    release.run();
  }

  /**
   * How much longer {@code request} must wait for a coordinated pause that began after its wait was
   * planned (another call's gateway limit): 0 when it may go, and 0 once waiting would outlast the
   * deadline, so that a call never hangs on a pause.
   */
  long pauseNanosBefore(AttemptRequest request) {
    long pause = engine.protections().pauseNanos(call.host(), credential, request.model());
    if (pause <= 0 || pause >= remainingNanos()) {
      return 0;
    }
    waitNanosTotal += pause;
    return pause;
  }

  private long remainingNanos() {
    return startNanos + engine.deadlineNanos() - engine.clock().nanoTime();
  }

  /**
   * The planned request leaves now, after any wait before it: the attempt's time starts here, so
   * that its {@code ms} is the request's and its wait is only in the previous attempt's {@code
   * wait_ms}.
   */
  void sending() {
    inFlightStartNanos = engine.clock().nanoTime();
    watch.attemptStarted();
  }

  /** The attempt's response head arrived: read what classification needs, then decide. */
  Step<X> onResponse(X exchange) {
    for (PriorResponse prior : exchange.priorResponses()) {
      recordPrior(prior);
    }
    Verdict verdict;
    try {
      verdict = classify(exchange);
    } catch (IOException e) {
      exchange.discard();
      return onFailure(e);
    }
    return after(verdict, exchange, null);
  }

  /**
   * A request the client library sent again by itself within this attempt: counted, classified and
   * seen by the protections like any attempt; the library's follow-up has already been sent, so the
   * decision is taken on the response it got.
   */
  private void recordPrior(PriorResponse prior) {
    Verdict verdict =
        engine
            .classifier()
            .classify(
                prior.status(),
                prior.headers(),
                null,
                0,
                inFlight.model(),
                engine.clock().currentTimeMillis());
    // Not the call's circuit turn: the response the library got after it is.
    engine.protections().onResult(circuit(inFlight.model()), verdict, null);
    engine.protections().pauseFor(call.host(), credential, inFlight.model(), verdict);
    if (!avoidingProvider) {
      attemptsOnModel++;
    }
    addAttempt(verdict, prior.status(), prior.millis(), 0);
  }

  /** The attempt failed without a response. */
  Step<X> onFailure(IOException failure) {
    if (failure instanceof ClientClosedException closed) {
      // Nothing was sent: not an attempt, and nothing to retry.
      return new Step.Finish<>(stop(closed.clientFailure()));
    }
    return after(engine.classifier().classifyException(failure), null, failure);
  }

  /** The application cancelled or interrupted the call during a wait: it gets {@code failure}. */
  CallResult<X> stop(IOException failure) {
    if (ended.compareAndSet(false, true)) {
      new CallCompletion(record(0, Outcome.FAILED), engine.events(), watch, release).complete(null);
    }
    // Also after the outcome: a cancel can race a resumed wait that has just taken a turn.
    endWaits();
    return new CallResult.Fail<>(failure);
  }

  private Verdict classify(X exchange) throws IOException {
    int status = exchange.status();
    long now = engine.clock().currentTimeMillis();
    Peek peek =
        PeekBuffer.successfulStream(inFlight.stream(), status)
            ? exchange.peekStream()
            : exchange.peekBody();
    Classifier classifier = engine.classifier();
    if (peek.streamError()) {
      return classifier.classifyStreamEvent(peek.bytes(), peek.length(), inFlight.model(), now);
    }
    return classifier.classify(
        status, exchange.headers(), peek.bytes(), peek.length(), inFlight.model(), now);
  }

  private Step<X> after(Verdict verdict, X exchange, IOException failure) {
    long now = engine.clock().nanoTime();
    double attemptMillis = (now - inFlightStartNanos) / (double) NANOS_PER_MILLI;
    int status = exchange == null ? 0 : exchange.status();
    CircuitBreaker.Turn mine = Objects.equals(turnModel, inFlight.model()) ? turn : null;
    if (engine.protections().onResult(circuit(inFlight.model()), verdict, mine) && mine != null) {
      turn = null;
    }
    engine.protections().pauseFor(call.host(), credential, inFlight.model(), verdict);
    if (!avoidingProvider) {
      attemptsOnModel++;
    }
    long remainingMillis = (startNanos + engine.deadlineNanos() - now) / NANOS_PER_MILLI;
    byte[] avoidBody = avoidBody(verdict);
    Decision decision =
        engine
            .table()
            .decide(situation(verdict, avoidBody != null, remainingMillis), engine.random());
    Plan next = null;
    boolean followUp =
        decision.action() != Decision.Action.DELIVER
            && decision.action() != Decision.Action.GIVE_UP;
    // The first attempt always goes; a follow-up never starts once the deadline has passed, after
    // body bytes reached the application, or beyond the host's retry budget.
    Step<X> chainWait = null;
    if (followUp
        && remainingMillis > 0
        && (exchange == null || !exchange.bodyReleased())
        && engine.protections().allowFollowUp(call.host())) {
      next = plan(decision, verdict, avoidBody, remainingMillis);
      if (next == null) {
        // Every model it could ask is open (this failure may have opened the last one): the
        // call waits for a probe like a call that finds them so at its start.
        chainWait = waitForOpenChain();
      }
    }
    addAttempt(verdict, status, attemptMillis, next == null ? 0 : next.waitMillis());
    if (chainWait != null) {
      if (exchange != null) {
        exchange.discard();
      }
      return chainWait;
    }
    if (next == null) {
      return new Step.Finish<>(finish(verdict, exchange, failure));
    }
    if (exchange != null) {
      exchange.discard();
    }
    waitNanosTotal += next.waitMillis() * NANOS_PER_MILLI;
    return new Step.Send<>(begin(next), next.waitMillis() * NANOS_PER_MILLI);
  }

  private Situation situation(Verdict verdict, boolean canAvoid, long remainingMillis) {
    boolean[] hasNext = new boolean[CHAIN_KINDS.length];
    for (ChainKind kind : CHAIN_KINDS) {
      hasNext[kind.ordinal()] = chain.hasNext(kind);
    }
    int maxAttempts = sdkRetry ? 1 : engine.config().maxAttempts();
    return new Situation(
        verdict, attemptsOnModel, maxAttempts, retryOff, canAvoid, hasNext, remainingMillis);
  }

  /** The body that avoids the provider this verdict names, or null when no avoiding is possible. */
  private byte[] avoidBody(Verdict verdict) {
    boolean eligible =
        engine.config().avoidFailingProvider()
            && verdict.provider() != null
            && !providerAvoidedOnModel
            && !retryOff
            && !sdkRetry
            && !facts.modelInPath();
    return eligible ? ModelRewriter.withIgnoredProvider(inFlight.body(), verdict.provider()) : null;
  }

  /**
   * The request a follow-up decision leads to, or null when every model it could use has an open
   * circuit or is paused past the deadline. A wait is never shorter than a coordinated pause.
   */
  private Plan plan(Decision decision, Verdict verdict, byte[] avoidBody, long remainingMillis) {
    String model = inFlight.model();
    if (decision.action() != Decision.Action.NEXT_MODEL) {
      long wait = Math.max(decision.waitMillis(), pauseMillis(model));
      if (wait < remainingMillis && admitFollowUp(model)) {
        return decision.action() == Decision.Action.AVOID_PROVIDER
            ? new Plan(model, avoidBody, inFlight.path(), 0, true)
            // RETRY: the same request again; a provider avoided for this model stays avoided.
            : new Plan(model, inFlight.body(), inFlight.path(), wait, false);
      }
      // The model's circuit opened, or a pause outlasts the call: skip it as if its attempts were
      // spent.
    }
    ChainKind kind =
        decision.action() == Decision.Action.NEXT_MODEL ? decision.chain() : ChainKind.CURRENT;
    while (chain.hasNext(kind)) {
      String candidate = chain.advance(kind);
      kind = ChainKind.CURRENT;
      long wait = pauseMillis(candidate);
      if (wait < remainingMillis && admitFollowUp(candidate)) {
        return new Plan(candidate, bodyFor(candidate), pathFor(candidate), wait, false);
      }
    }
    return null;
  }

  /** Whether a follow-up may go to {@code model}; the probe it starts stays with this call. */
  private boolean admitFollowUp(String model) {
    CircuitBreaker.Turn held = Objects.equals(turnModel, model) ? turn : null;
    CircuitBreaker.Admission a = engine.protections().admit(circuit(model), held);
    if (a.allowed()) {
      hold(model, a.turn());
    }
    return a.allowed();
  }

  private long pauseMillis(String model) {
    long nanos = engine.protections().pauseNanos(call.host(), credential, model);
    return (nanos + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;
  }

  private byte[] bodyFor(String model) {
    if (facts.modelInPath() || Objects.equals(model, facts.model())) {
      return call.body();
    }
    // A fallback model gets the request's original provider object (SPEC §4).
    return ModelRewriter.withModel(call.body(), model);
  }

  private String pathFor(String model) {
    boolean rewrite = facts.modelInPath() && !Objects.equals(model, facts.model());
    return rewrite ? ModelRewriter.pathWithModel(call.path(), model) : call.path();
  }

  private AttemptRequest begin(Plan plan) {
    if (!Objects.equals(plan.model(), inFlight == null ? facts.model() : inFlight.model())) {
      attemptsOnModel = 0;
      providerAvoidedOnModel = false;
    }
    providerAvoidedOnModel |= plan.avoiding();
    avoidingProvider = plan.avoiding();
    inFlight =
        new AttemptRequest(
            attempts.size() + 1, plan.model(), plan.path(), plan.body(), facts.stream());
    return inFlight;
  }

  private void addAttempt(Verdict v, int status, double millis, long waitMillis) {
    AttemptRecord attempt =
        new AttemptRecord(
            inFlight.model(),
            status,
            v.classification(),
            v.errorInBody(),
            v.provider(),
            millis,
            waitMillis);
    attempts.add(attempt);
    watch.attemptEnded(attempt);
  }

  private CallResult<X> finish(Verdict verdict, X exchange, IOException failure) {
    ended.set(true);
    endWaits();
    int status = exchange == null ? 0 : exchange.status();
    CallRecord record = record(status, outcome(verdict, exchange));
    CallCompletion completion = new CallCompletion(record, engine.events(), watch, release);
    if (exchange == null) {
      completion.complete(null);
      return new CallResult.Fail<>(failure);
    }
    boolean openStream = inFlight.stream() && verdict.classification() == Classification.SUCCESS;
    if (!openStream) {
      completion.complete(null);
    }
    return new CallResult.Deliver<>(
        exchange,
        headers.forResponse(attempts.size(), inFlight.model(), verdict.classification(), status),
        completion);
  }

  private CallResult<X> shortCircuit(List<String> openModels, long firstProbeNanos) {
    long waitNanos = Math.max(0, firstProbeNanos - engine.clock().nanoTime());
    String message = "rebound: circuit open for " + String.join(", ", openModels);
    return synthetic(
        503,
        ResponseHeaders.errorBody(503, message, "rebound_circuit_open"),
        headers.forCircuitOpen(waitNanos));
  }

  private CallResult<X> paused(long pauseNanos) {
    String message =
        "rebound: " + call.host() + " asked to wait; the pause outlasts this call's deadline";
    return synthetic(
        429,
        ResponseHeaders.errorBody(429, message, "rebound_paused"),
        headers.forPause(pauseNanos));
  }

  /**
   * Rebound's own answer: the call is short-circuited when it sent nothing; a call under way that
   * waited for a circuit and can wait no longer has failed, and says how many requests it sent.
   */
  private CallResult<X> synthetic(int status, byte[] body, java.util.Map<String, String> h) {
    ended.set(true);
    endWaits();
    Outcome outcome = attempts.isEmpty() ? Outcome.SHORT_CIRCUITED : Outcome.FAILED;
    h.put(CallHeaders.ATTEMPTS, Integer.toString(attempts.size()));
    new CallCompletion(record(status, outcome), engine.events(), watch, release).complete(null);
    return new CallResult.Synthetic<>(status, body, h);
  }

  private Outcome outcome(Verdict verdict, X exchange) {
    if (exchange == null || verdict.classification() != Classification.SUCCESS) {
      return Outcome.FAILED;
    }
    if (attempts.size() == 1 && Objects.equals(inFlight.model(), facts.model())) {
      return Outcome.SUCCESS;
    }
    return Objects.equals(inFlight.model(), facts.model())
        ? Outcome.RETRY_SUCCESS
        : Outcome.FALLBACK_SUCCESS;
  }

  private CallRecord record(int status, Outcome outcome) {
    long now = engine.clock().nanoTime();
    return new CallRecord(
        Instant.ofEpochMilli(engine.clock().currentTimeMillis()),
        call.client(),
        call.host(),
        call.path(),
        facts.stream(),
        facts.model(),
        inFlight == null ? null : inFlight.model(),
        outcome,
        status,
        (now - startNanos) / (double) NANOS_PER_MILLI,
        waitNanosTotal / (double) NANOS_PER_MILLI,
        attempts,
        null);
  }
}
