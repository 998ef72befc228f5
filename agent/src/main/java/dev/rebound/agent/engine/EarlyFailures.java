package dev.rebound.agent.engine;

import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.classify.Verdict;
import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;
import dev.rebound.api.Outcome;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The first attempts of a call that failed before its body was known: a client that asks the
 * application for its body only once a connection is up (Reactor Netty) cannot describe the call to
 * the engine while its connects are refused or time out. Each such failure is an attempt of the
 * call, classified (SPEC §3: {@code NETWORK} or {@code TIMEOUT}) and decided as a first attempt's
 * failure is, within {@code max-attempts}, the deadline and the host's retry budget, with two
 * differences the missing body makes: no other model can be asked (the model is in the body), and
 * no circuit learns of it. When a connect succeeds, the call goes on with these attempts ({@link
 * CallEngine#executeAsync(LlmCall, AsyncTransport, EarlyFailures)}); otherwise it ends here and is
 * recorded as failed. Confined to one call: its adapter hands it from thread to thread; only a
 * cancel ({@link #stop}) may come from another at any time.
 */
public final class EarlyFailures {
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final CallEngine engine;
  private final String client;
  private final String host;
  private final String path;
  private final boolean retryOff;
  private final long startNanos;
  private final CallWatch watch;

  /** Written on the connection's thread, read by a cancel on the application's. */
  private final List<AttemptRecord> attempts = new CopyOnWriteArrayList<>();

  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile long sentNanos;
  private volatile long waitNanosTotal;

  EarlyFailures(
      CallEngine engine,
      String client,
      String host,
      String path,
      HeaderLookup headers,
      long failedAfterNanos) {
    this.engine = engine;
    this.client = client;
    this.host = host;
    this.path = path;
    String retry = headers.get(CallHeaders.RETRY);
    this.retryOff = retry != null && retry.trim().equalsIgnoreCase("off");
    this.sentNanos = engine.clock().nanoTime() - Math.max(0, failedAfterNanos);
    this.startNanos = sentNanos;
    this.watch = engine.events().watch();
    watch.attemptStarted();
    engine.protections().recordFirstAttempt(host);
  }

  /**
   * The latest attempt failed before its body was asked for.
   *
   * @return how long to wait before connecting again, in nanoseconds; or -1: the call has failed
   *     with {@code failure}, and is recorded
   */
  public long onFailure(IOException failure) {
    long now = engine.clock().nanoTime();
    Verdict verdict = engine.classifier().classifyException(failure);
    long remainingMillis = (startNanos + engine.deadlineNanos() - now) / NANOS_PER_MILLI;
    Situation situation =
        new Situation(
            verdict,
            attempts.size() + 1,
            engine.config().maxAttempts(),
            retryOff,
            false,
            new boolean[ChainKind.values().length],
            remainingMillis);
    Decision decision = engine.table().decide(situation, engine.random());
    boolean retry =
        decision.action() == Decision.Action.RETRY
            && remainingMillis > 0
            && !ended.get()
            && engine.protections().allowFollowUp(host);
    long waitMillis = retry ? decision.waitMillis() : 0;
    AttemptRecord attempt =
        new AttemptRecord(
            null,
            0,
            verdict.classification(),
            verdict.errorInBody(),
            verdict.provider(),
            (now - sentNanos) / (double) NANOS_PER_MILLI,
            waitMillis);
    attempts.add(attempt);
    watch.attemptEnded(attempt);
    if (!retry) {
      end();
      return -1;
    }
    waitNanosTotal += waitMillis * NANOS_PER_MILLI;
    return waitMillis * NANOS_PER_MILLI;
  }

  /** The wait is over: the next attempt leaves now. */
  public void sending() {
    sentNanos = engine.clock().nanoTime();
    watch.attemptStarted();
  }

  /** The application cancelled the call during a wait or a connect: it is recorded as failed. */
  public void stop() {
    end();
  }

  /**
   * The body is known: the call's engine run takes these attempts over. False when the call has
   * already ended (cancelled meanwhile).
   */
  boolean handOver() {
    return ended.compareAndSet(false, true);
  }

  /** These attempts, as attempts on {@code model}: the model the body turned out to ask for. */
  List<AttemptRecord> attemptsOn(String model) {
    List<AttemptRecord> on = new ArrayList<>(attempts.size());
    for (AttemptRecord a : attempts) {
      on.add(
          new AttemptRecord(
              model,
              a.status(),
              a.classification(),
              a.errorInBody(),
              a.provider(),
              a.millis(),
              a.waitMillis()));
    }
    return on;
  }

  long startNanos() {
    return startNanos;
  }

  long waitNanos() {
    return waitNanosTotal;
  }

  CallWatch watch() {
    return watch;
  }

  private void end() {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    long now = engine.clock().nanoTime();
    CallRecord record =
        new CallRecord(
            Instant.ofEpochMilli(engine.clock().currentTimeMillis()),
            client,
            host,
            path,
            false,
            null,
            null,
            Outcome.FAILED,
            0,
            (now - startNanos) / (double) NANOS_PER_MILLI,
            waitNanosTotal / (double) NANOS_PER_MILLI,
            List.copyOf(attempts),
            null);
    new CallCompletion(record, engine.events(), watch, () -> {}).complete(null);
  }
}
