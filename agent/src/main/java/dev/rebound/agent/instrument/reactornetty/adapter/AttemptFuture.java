package dev.rebound.agent.instrument.reactornetty.adapter;

import java.util.concurrent.CompletableFuture;

/**
 * An attempt's future, whose cancellation (the engine drops an attempt in flight, the application
 * disposed its call) stops the attempt's request at once: a hook on {@code cancel} instead of a
 * completion stage on every attempt. Thread-safe.
 */
final class AttemptFuture extends CompletableFuture<ReactorExchange> {
  private volatile Runnable stop;

  AttemptFuture(Runnable stop) {
    this.stop = stop;
  }

  /** {@code stop} ends the request from now on; at once if the attempt is already cancelled. */
  void stopWith(Runnable stop) {
    this.stop = stop;
    if (isCancelled()) {
      stop.run();
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    Runnable s = stop;
    if (isCancelled() && s != null) {
      s.run();
    }
    return cancelled;
  }
}
