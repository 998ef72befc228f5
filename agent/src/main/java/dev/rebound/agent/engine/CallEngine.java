package dev.rebound.agent.engine;

import dev.rebound.agent.classify.Classifier;
import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.time.Clock;
import dev.rebound.agent.time.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Runs managed calls: the retry and fallback loop of SPEC §4, for blocking clients on the caller's
 * thread and for non-blocking clients on a scheduler. The order for each call: a place under {@code
 * max-concurrency} (queueing counts against the deadline), then per request the coordinated pause,
 * the retry budget (follow-ups only) and the model's circuit (when every model of the chain is
 * open, the call waits for a probe, see {@link CircuitBreaker}), then send, classify ({@link
 * Classifier}), decide ({@link DecisionTable}), and wait and retry the same model, move to the next
 * model at once, or finish and record ({@link EngineEvents}). Knows no HTTP client: adapters
 * translate through {@link Transport} and {@link Exchange}. Thread-safe.
 */
public final class CallEngine {
  private final ReboundConfig config;
  private final Classifier classifier;
  private final DecisionTable table;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final EngineEvents events;
  private final Protections protections;
  private final Supplier<ScheduledExecutorService> scheduler;
  private final ConcurrentMap<String, ConcurrencyLimiter> limiters = new ConcurrentHashMap<>();
  private final RepeatedRequests repeatedRequests;

  /**
   * @param scheduler the thread for asynchronous waits and queue timeouts, asked for only when one
   *     is needed
   */
  public CallEngine(
      ReboundConfig config,
      Classifier classifier,
      Clock clock,
      Sleeper sleeper,
      DoubleSupplier random,
      EngineEvents events,
      Supplier<ScheduledExecutorService> scheduler) {
    this.config = config;
    this.classifier = classifier;
    this.table =
        new DecisionTable(new Backoff(config.baseDelay(), config.maxDelay()), config.maxWait());
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
    this.events = events;
    this.protections = new Protections(config, clock, events);
    this.scheduler = scheduler;
    // An SDK's retry comes within its call's deadline, plus the SDK's own waits (as long again).
    this.repeatedRequests = new RepeatedRequests(clock, 2 * config.deadline().toNanos());
  }

  /**
   * Runs a call of a blocking client. Queueing and waits happen on this thread; an interrupt or a
   * cancel during a wait ends the call with an {@link InterruptedIOException} or an {@link
   * IOException}, as the client itself would.
   */
  public <X extends Exchange> CallResult<X> execute(LlmCall call, Transport<X> transport) {
    CallSession<X> session = new CallSession<>(this, call);
    try {
      return run(call, session, transport);
    } catch (RuntimeException | Error e) {
      // A failure inside Rebound: the call gives back what it holds, its adapter fails open.
      session.abandon();
      throw e;
    }
  }

  private <X extends Exchange> CallResult<X> run(
      LlmCall call, CallSession<X> session, Transport<X> transport) {
    ConcurrencyLimiter limiter = limiter(call.host());
    if (limiter != null) {
      CompletableFuture<ConcurrencyLimiter.Permit> place =
          limiter.acquire(session.queueTimeoutNanos(), scheduler.get());
      try {
        session.onEnd(place.get()::release);
      } catch (ExecutionException timedOut) {
        return session.queueTimedOut();
      } catch (InterruptedException e) {
        place.cancel(false);
        Thread.currentThread().interrupt();
        return session.stop(new InterruptedIOException("interrupted while queued"));
      }
    }
    Step<X> step = session.start();
    while (true) {
      if (step instanceof Step.Finish<X> finish) {
        return finish.result();
      }
      if (step instanceof Step.Wait<X> wait) {
        try {
          sleeper.sleep(wait.timeoutNanos(), wait.wake(), transport::isCanceled);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return session.stop(
              new InterruptedIOException("interrupted while waiting for a circuit"));
        }
        if (transport.isCanceled()) {
          return session.stop(new IOException("Canceled"));
        }
        step = session.resume();
        continue;
      }
      Step.Send<X> send = (Step.Send<X>) step;
      if (transport.isCanceled()) {
        return session.stop(new IOException("Canceled"));
      }
      try {
        if (send.waitNanos() > 0) {
          sleeper.sleep(send.waitNanos(), transport::isCanceled);
        }
        // Another call may have hit a gateway limit meanwhile: its pause holds this request too.
        long pause;
        while ((pause = session.pauseNanosBefore(send.request())) > 0 && !transport.isCanceled()) {
          sleeper.sleep(pause, transport::isCanceled);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return session.stop(new InterruptedIOException("interrupted while waiting to retry"));
      }
      if (transport.isCanceled()) {
        return session.stop(new IOException("Canceled"));
      }
      session.sending();
      try {
        step = session.onResponse(transport.send(send.request()));
      } catch (IOException e) {
        step = session.onFailure(e);
      }
    }
  }

  /**
   * Runs a call of a non-blocking client. Queueing and waits are futures and scheduled tasks; no
   * thread blocks. Cancelling the returned future cancels the attempt in flight or the pending
   * wait.
   */
  public <X extends Exchange> CompletableFuture<CallResult<X>> executeAsync(
      LlmCall call, AsyncTransport<X> transport) {
    return executeAsync(call, transport, null);
  }

  /**
   * Runs a call of a non-blocking client whose first attempts failed before its body was known:
   * they count as its attempts, and its deadline runs from the first. Returns a cancelled future
   * when the call has already ended (its application cancelled it meanwhile).
   */
  public <X extends Exchange> CompletableFuture<CallResult<X>> executeAsync(
      LlmCall call, AsyncTransport<X> transport, EarlyFailures before) {
    if (before != null && !before.handOver()) {
      CompletableFuture<CallResult<X>> ended = new CompletableFuture<>();
      ended.cancel(false);
      return ended;
    }
    CallSession<X> session = new CallSession<>(this, call, before);
    AsyncCall<X> async = new AsyncCall<>(session, transport, scheduler.get());
    ConcurrencyLimiter limiter = limiter(call.host());
    if (limiter == null) {
      return async.start();
    }
    CompletableFuture<ConcurrencyLimiter.Permit> place =
        limiter.acquire(session.queueTimeoutNanos(), scheduler.get());
    async.pending = place;
    place.whenComplete(
        (permit, timedOut) -> {
          if (permit != null) {
            session.onEnd(permit::release);
            async.start();
          } else if (!place.isCancelled()) {
            async.guarded(() -> async.complete(session.queueTimedOut()));
          }
        });
    return async.result;
  }

  private ConcurrencyLimiter limiter(String host) {
    if (config.maxConcurrency() <= 0) {
      return null;
    }
    return limiters.computeIfAbsent(host, h -> new ConcurrencyLimiter(config.maxConcurrency()));
  }

  /**
   * One asynchronous call: each completion decides the next step. Every step runs in a callback or
   * a scheduled task, where an exception would be lost and the call would never end: each is {@link
   * #guarded}, so that a failure inside Rebound ends the call exceptionally and its adapter fails
   * open.
   */
  private static final class AsyncCall<X extends Exchange> {
    private final CallSession<X> session;
    private final AsyncTransport<X> transport;
    private final ScheduledExecutorService scheduler;
    final CompletableFuture<CallResult<X>> result = new CompletableFuture<>();
    volatile Future<?> pending;

    AsyncCall(
        CallSession<X> session, AsyncTransport<X> transport, ScheduledExecutorService scheduler) {
      this.session = session;
      this.transport = transport;
      this.scheduler = scheduler;
      result.whenComplete(
          (r, e) -> {
            if (result.isCancelled()) {
              Future<?> p = pending;
              if (p != null) {
                p.cancel(true);
              }
              session.stop(new IOException("Canceled"));
            }
          });
    }

    CompletableFuture<CallResult<X>> start() {
      guarded(() -> next(session.start()));
      return result;
    }

    void guarded(Runnable step) {
      try {
        step.run();
      } catch (Throwable t) {
        session.abandon();
        result.completeExceptionally(t);
      }
    }

    private void send(AttemptRequest request) {
      guarded(() -> sendNow(request));
    }

    private void sendNow(AttemptRequest request) {
      if (result.isDone()) {
        // Cancelled meanwhile: a turn on a circuit taken for this request goes back.
        session.stop(new IOException("Canceled"));
        return;
      }
      // Another call may have hit a gateway limit meanwhile: its pause holds this request too.
      long pause = session.pauseNanosBefore(request);
      if (pause > 0) {
        pending = scheduler.schedule(() -> send(request), pause, TimeUnit.NANOSECONDS);
        return;
      }
      session.sending();
      CompletableFuture<X> attempt = transport.send(request);
      pending = attempt;
      attempt.whenComplete(this::onAttempt);
    }

    private void onAttempt(X exchange, Throwable error) {
      guarded(() -> judge(exchange, error));
    }

    private void judge(X exchange, Throwable error) {
      if (result.isCancelled()) {
        if (exchange != null) {
          exchange.discard();
        }
        return;
      }
      Throwable cause = Failures.unwrap(error);
      if (cause != null && !(cause instanceof IOException)) {
        result.completeExceptionally(cause);
        return;
      }
      next(cause != null ? session.onFailure((IOException) cause) : session.onResponse(exchange));
    }

    private void next(Step<X> step) {
      if (step instanceof Step.Finish<X> finish) {
        complete(finish.result());
        return;
      }
      if (step instanceof Step.Wait<X> wait) {
        await(wait);
        return;
      }
      Step.Send<X> next = (Step.Send<X>) step;
      if (next.waitNanos() <= 0) {
        send(next.request());
      } else {
        pending =
            scheduler.schedule(() -> send(next.request()), next.waitNanos(), TimeUnit.NANOSECONDS);
      }
    }

    /**
     * Waits for a circuit on nothing: the timer, or another call's result, continues the call on
     * the scheduler, whichever comes first; never on the thread that delivered that result.
     */
    private void await(Step.Wait<X> wait) {
      AtomicBoolean once = new AtomicBoolean();
      Runnable resume =
          () -> {
            if (once.compareAndSet(false, true) && !result.isDone()) {
              guarded(() -> next(session.resume()));
            }
          };
      Future<?> timer = scheduler.schedule(resume, wait.timeoutNanos(), TimeUnit.NANOSECONDS);
      pending = timer;
      wait.wake()
          .thenRun(
              () -> {
                if (timer.cancel(false)) {
                  scheduler.execute(resume);
                }
              });
    }

    void complete(CallResult<X> callResult) {
      if (!result.complete(callResult) && callResult instanceof CallResult.Deliver<X> deliver) {
        // Cancelled meanwhile: nobody will read this response.
        deliver.exchange().discard();
        deliver.streamEnded(null);
      }
    }
  }

  /**
   * A call whose first attempt failed before its body was known (see {@link EarlyFailures}).
   *
   * @param headers the request headers known without the body
   * @param failedAfterNanos how long that attempt took
   */
  public EarlyFailures failedBeforeBody(
      String client, String host, String path, HeaderLookup headers, long failedAfterNanos) {
    return new EarlyFailures(this, client, host, path, headers, failedAfterNanos);
  }

  /** A watcher for a stream released to the application, for its {@code stream_error}. */
  public StreamTail streamTail(String model) {
    return new StreamTail(classifier, model);
  }

  /** The scheduler asynchronous adapters and this engine share. */
  public ScheduledExecutorService scheduler() {
    return scheduler.get();
  }

  ReboundConfig config() {
    return config;
  }

  Classifier classifier() {
    return classifier;
  }

  DecisionTable table() {
    return table;
  }

  Clock clock() {
    return clock;
  }

  double random() {
    return random.getAsDouble();
  }

  EngineEvents events() {
    return events;
  }

  /**
   * Shares this engine's pauses and circuits with a fleet (SPEC §8): from now on what it learns
   * goes to {@code fleet}; the returned view applies what the fleet learned. Called once, before
   * calls.
   */
  public RemoteLimits shareThrough(SharedLimits fleet) {
    protections.shareThrough(fleet);
    return new RemoteLimits() {
      @Override
      public void applyPause(String host, String model, String credential, long millis) {
        protections.applyPause(host, model, credential, millis);
      }

      @Override
      public void applyOpen(String host, String model, String credential, long millis) {
        protections.applyOpen(host, model, credential, millis);
      }

      @Override
      public void applyProbeSuccess(String host, String model, String credential) {
        protections.applyProbeSuccess(host, model, credential);
      }
    };
  }

  Protections protections() {
    return protections;
  }

  RepeatedRequests repeatedRequests() {
    return repeatedRequests;
  }

  long deadlineNanos() {
    return config.deadline().toNanos();
  }
}
