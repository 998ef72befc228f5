package dev.rebound.agent.engine;

import dev.rebound.agent.classify.Classifier;
import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.time.Clock;
import dev.rebound.agent.time.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Runs managed calls: the retry and fallback loop of SPEC §4, for blocking clients on the caller's
 * thread and for non-blocking clients on a scheduler. For each attempt: send, classify ({@link
 * Classifier}), decide ({@link DecisionTable}), then wait and retry the same model, move to the
 * next model at once, or finish and record ({@link EngineEvents}). Knows no HTTP client: adapters
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

  public CallEngine(
      ReboundConfig config,
      Classifier classifier,
      Clock clock,
      Sleeper sleeper,
      DoubleSupplier random,
      EngineEvents events) {
    this.config = config;
    this.classifier = classifier;
    this.table = new DecisionTable(new Backoff(config.baseDelay(), config.maxDelay()), config.maxWait());
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
    this.events = events;
    this.protections = new Protections(config, clock, events);
  }

  /**
   * Runs a call of a blocking client. Waits happen on this thread; an interrupt or a cancel during a
   * wait ends the call with an {@link InterruptedIOException} or an {@link IOException}, as the
   * client itself would.
   */
  public <X extends Exchange> CallResult<X> execute(LlmCall call, Transport<X> transport) {
    CallSession<X> session = new CallSession<>(this, call);
    Step<X> step = session.start();
    while (true) {
      if (step instanceof Step.Finish<X> finish) {
        return finish.result();
      }
      Step.Send<X> send = (Step.Send<X>) step;
      if (transport.isCanceled()) {
        return session.stop(new IOException("Canceled"));
      }
      try {
        if (send.waitNanos() > 0) {
          sleeper.sleep(send.waitNanos(), transport::isCanceled);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return session.stop(new InterruptedIOException("interrupted while waiting to retry"));
      }
      if (transport.isCanceled()) {
        return session.stop(new IOException("Canceled"));
      }
      try {
        step = session.onResponse(transport.send(send.request()));
      } catch (IOException e) {
        step = session.onFailure(e);
      }
    }
  }

  /**
   * Runs a call of a non-blocking client. Waits are scheduled on {@code scheduler}; no thread
   * blocks. Cancelling the returned future cancels the attempt in flight or the pending wait.
   */
  public <X extends Exchange> CompletableFuture<CallResult<X>> executeAsync(
      LlmCall call, AsyncTransport<X> transport, ScheduledExecutorService scheduler) {
    AsyncCall<X> async = new AsyncCall<>(new CallSession<>(this, call), transport, scheduler);
    return async.start();
  }

  /** One asynchronous call: each completion decides the next step. */
  private static final class AsyncCall<X extends Exchange> {
    private final CallSession<X> session;
    private final AsyncTransport<X> transport;
    private final ScheduledExecutorService scheduler;
    private final CompletableFuture<CallResult<X>> result = new CompletableFuture<>();
    private volatile Future<?> pending;

    AsyncCall(CallSession<X> session, AsyncTransport<X> transport, ScheduledExecutorService scheduler) {
      this.session = session;
      this.transport = transport;
      this.scheduler = scheduler;
      result.whenComplete((r, e) -> {
        Future<?> p = pending;
        if (result.isCancelled() && p != null) {
          p.cancel(true);
        }
      });
    }

    CompletableFuture<CallResult<X>> start() {
      next(session.start());
      return result;
    }

    private void send(AttemptRequest request) {
      if (result.isDone()) {
        return;
      }
      CompletableFuture<X> attempt = transport.send(request);
      pending = attempt;
      attempt.whenComplete((exchange, error) -> onAttempt(exchange, error));
    }

    private void onAttempt(X exchange, Throwable error) {
      if (result.isCancelled()) {
        if (exchange != null) {
          exchange.discard();
        }
        return;
      }
      Throwable cause = unwrap(error);
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
      Step.Send<X> next = (Step.Send<X>) step;
      if (next.waitNanos() <= 0) {
        send(next.request());
      } else {
        pending =
            scheduler.schedule(() -> send(next.request()), next.waitNanos(), TimeUnit.NANOSECONDS);
      }
    }

    private void complete(CallResult<X> callResult) {
      if (!result.complete(callResult) && callResult instanceof CallResult.Deliver<X> deliver) {
        // Cancelled meanwhile: nobody will read this response.
        deliver.exchange().discard();
      }
    }

    private static Throwable unwrap(Throwable error) {
      Throwable t = error;
      while ((t instanceof CompletionException || t instanceof ExecutionException)
          && t.getCause() != null) {
        t = t.getCause();
      }
      return t;
    }
  }

  /** A watcher for a stream released to the application, for its {@code stream_error}. */
  public StreamTail streamTail(String model) {
    return new StreamTail(classifier, model);
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

  Protections protections() {
    return protections;
  }

  long deadlineNanos() {
    return config.deadline().toNanos();
  }
}
