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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One managed call, step by step: what to send first, and after each attempt what to do next. The
 * drivers in {@link CallEngine} run it on the caller's thread or on a scheduler; the decisions are
 * {@link DecisionTable}'s, the rewrites {@link ModelRewriter}'s. Confined to one call: the async
 * driver hands it from thread to thread, never using it from two at once.
 */
final class CallSession<X extends Exchange> {
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final CallEngine engine;
  private final LlmCall call;
  private final RequestFacts facts;
  private final FallbackChain chain;
  private final boolean retryOff;
  private final boolean sdkRetry;
  private final long startNanos;
  private final List<AttemptRecord> attempts = new ArrayList<>();

  private AttemptRequest inFlight;
  private long inFlightStartNanos;
  private int attemptsOnModel;
  private boolean avoidingProvider;
  private String avoidedProvider;
  private long waitNanosTotal;

  CallSession(CallEngine engine, LlmCall call) {
    this.engine = engine;
    this.call = call;
    this.facts = RequestFacts.of(call.path(), call.body());
    ReboundConfig config = engine.config();
    String retry = call.requestHeaders().get(CallHeaders.RETRY);
    this.retryOff = retry != null && retry.trim().equalsIgnoreCase("off");
    this.sdkRetry =
        config.sdkRetries() == SdkRetries.SUPPRESS
            && CallHeaders.isSdkRetry(call.requestHeaders().get(CallHeaders.STAINLESS_RETRY_COUNT));
    this.chain =
        facts.model() == null
            ? FallbackChain.none()
            : new FallbackChain(
                facts.model(), regularChain(config), config.contextModels(), config.contentModels());
    this.startNanos = engine.clock().nanoTime();
  }

  private List<String> regularChain(ReboundConfig config) {
    String override = call.requestHeaders().get(CallHeaders.FALLBACK);
    return override != null ? CallHeaders.parseList(override) : config.fallbackChainFor(facts.model());
  }

  AttemptRequest firstAttempt() {
    return begin(call.body(), call.path());
  }

  /** The attempt's response head arrived: read what classification needs, then decide. */
  Step<X> onResponse(X exchange) {
    Verdict verdict;
    try {
      verdict = classify(exchange);
    } catch (IOException e) {
      exchange.discard();
      return onFailure(e);
    }
    return after(verdict, exchange, null);
  }

  /** The attempt failed without a response. */
  Step<X> onFailure(IOException failure) {
    return after(engine.classifier().classifyException(failure), null, failure);
  }

  /** The application cancelled or interrupted the call during a wait: it gets {@code failure}. */
  CallResult<X> stop(IOException failure) {
    CallRecord record = record(0, Outcome.FAILED);
    engine.recorder().record(record);
    return new CallResult.Fail<>(failure);
  }

  private Verdict classify(X exchange) throws IOException {
    int status = exchange.status();
    long now = engine.clock().currentTimeMillis();
    boolean success = status >= 200 && status < 300;
    Peek peek = success && inFlight.stream() ? exchange.peekStream() : exchange.peekBody();
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
    if (!avoidingProvider) {
      attemptsOnModel++;
    }
    long remainingMillis = (startNanos + engine.deadlineNanos() - now) / NANOS_PER_MILLI;
    byte[] avoidBody = avoidBody(verdict);
    Decision decision =
        engine.table().decide(situation(verdict, avoidBody != null, remainingMillis), engine.random());
    boolean followUp =
        decision.action() != Decision.Action.DELIVER && decision.action() != Decision.Action.GIVE_UP;
    // The first attempt always goes; a follow-up never starts once the deadline has passed.
    if (!followUp || remainingMillis <= 0 || (exchange != null && exchange.bodyReleased())) {
      addAttempt(verdict, status, attemptMillis, 0);
      return new Step.Finish<>(finish(verdict, exchange, failure));
    }
    if (exchange != null) {
      exchange.discard();
    }
    addAttempt(verdict, status, attemptMillis, decision.waitMillis());
    return new Step.Send<>(nextAttempt(decision, verdict, avoidBody), decision.waitMillis() * NANOS_PER_MILLI);
  }

  private Situation situation(Verdict verdict, boolean canAvoid, long remainingMillis) {
    boolean[] hasNext = new boolean[ChainKind.values().length];
    for (ChainKind kind : ChainKind.values()) {
      hasNext[kind.ordinal()] = chain.hasNext(kind);
    }
    int maxAttempts = sdkRetry ? 1 : engine.config().maxAttempts();
    return new Situation(verdict, attemptsOnModel, maxAttempts, retryOff, canAvoid, hasNext, remainingMillis);
  }

  /** The body that avoids the provider this verdict names, or null when no avoiding is possible. */
  private byte[] avoidBody(Verdict verdict) {
    boolean eligible =
        engine.config().avoidFailingProvider()
            && verdict.provider() != null
            && avoidedProvider == null
            && !retryOff
            && !sdkRetry
            && !facts.modelInPath();
    return eligible ? ModelRewriter.withIgnoredProvider(inFlight.body(), verdict.provider()) : null;
  }

  private AttemptRequest nextAttempt(Decision decision, Verdict verdict, byte[] avoidBody) {
    waitNanosTotal += decision.waitMillis() * NANOS_PER_MILLI;
    switch (decision.action()) {
      case AVOID_PROVIDER:
        avoidingProvider = true;
        avoidedProvider = verdict.provider();
        return begin(avoidBody, inFlight.path());
      case NEXT_MODEL:
        String model = chain.advance(decision.chain());
        attemptsOnModel = 0;
        avoidedProvider = null;
        avoidingProvider = false;
        return begin(bodyFor(model), pathFor(model));
      default:
        // RETRY: the same request again; a provider avoided for this model stays avoided.
        avoidingProvider = false;
        return begin(inFlight.body(), inFlight.path());
    }
  }

  private byte[] bodyFor(String model) {
    if (facts.modelInPath()) {
      return call.body();
    }
    // A fallback model gets the request's original provider object (SPEC §4).
    return ModelRewriter.withModel(call.body(), model);
  }

  private String pathFor(String model) {
    return facts.modelInPath() ? ModelRewriter.pathWithModel(call.path(), model) : call.path();
  }

  private AttemptRequest begin(byte[] body, String path) {
    inFlight = new AttemptRequest(attempts.size() + 1, chain.current(), path, body, facts.stream());
    inFlightStartNanos = engine.clock().nanoTime();
    return inFlight;
  }

  private void addAttempt(Verdict v, int status, double millis, long waitMillis) {
    attempts.add(
        new AttemptRecord(
            inFlight.model(), status, v.classification(), v.errorInBody(), v.provider(), millis, waitMillis));
  }

  private CallResult<X> finish(Verdict verdict, X exchange, IOException failure) {
    int status = exchange == null ? 0 : exchange.status();
    CallRecord record = record(status, outcome(verdict, exchange));
    if (exchange == null) {
      engine.recorder().record(record);
      return new CallResult.Fail<>(failure);
    }
    CallCompletion completion = new CallCompletion(record, engine.recorder());
    boolean openStream = inFlight.stream() && verdict.classification() == Classification.SUCCESS;
    if (!openStream) {
      completion.complete(null);
    }
    return new CallResult.Deliver<>(exchange, responseHeaders(verdict, status), completion);
  }

  private Outcome outcome(Verdict verdict, X exchange) {
    if (exchange == null || verdict.classification() != Classification.SUCCESS) {
      return Outcome.FAILED;
    }
    if (attempts.size() == 1) {
      return Outcome.SUCCESS;
    }
    boolean sameModel = java.util.Objects.equals(chain.current(), facts.model());
    return sameModel ? Outcome.RETRY_SUCCESS : Outcome.FALLBACK_SUCCESS;
  }

  private Map<String, String> responseHeaders(Verdict verdict, int status) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(CallHeaders.ATTEMPTS, Integer.toString(attempts.size()));
    if (chain.current() != null) {
      headers.put(CallHeaders.MODEL, chain.current());
    }
    if (verdict.classification() != Classification.SUCCESS) {
      headers.put(CallHeaders.CLASSIFICATION, verdict.classification().name());
    }
    boolean non2xx = status < 200 || status >= 300;
    if (non2xx && engine.config().sdkRetries() == SdkRetries.SUPPRESS) {
      // Rebound has already done what retrying can do; an SDK loop around it would multiply it.
      headers.put(CallHeaders.SHOULD_RETRY, "false");
    }
    return headers;
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
        chain.current(),
        outcome,
        status,
        (now - startNanos) / (double) NANOS_PER_MILLI,
        waitNanosTotal / (double) NANOS_PER_MILLI,
        attempts,
        null);
  }
}
