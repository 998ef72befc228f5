package dev.rebound.agent.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code rebound.max-concurrency} for one host (SPEC §1): at most that many calls in flight; the
 * rest wait in arrival order. A place is handed over directly to the longest waiter, so nobody can
 * overtake the queue. Waiting is a future, so that blocking callers wait on their own thread and
 * non-blocking ones on nothing. Thread-safe: the lock guards only the counter and the queue, never
 * I/O or a wait.
 */
final class ConcurrencyLimiter {
  private final int limit;
  private final Deque<CompletableFuture<Permit>> waiters = new ArrayDeque<>();
  private int inFlight;

  /** A place in flight; releasing it twice does nothing. */
  final class Permit {
    private boolean released;

    void release() {
      CompletableFuture<Permit> next;
      synchronized (ConcurrencyLimiter.this) {
        if (released) {
          return;
        }
        released = true;
        next = nextWaiter();
        if (next == null) {
          inFlight--;
        }
      }
      // Completed outside the lock: the waiter's continuation may send its first attempt. A waiter
      // cancelled meanwhile passes the place on.
      if (next != null) {
        Permit handed = new Permit();
        if (!next.complete(handed)) {
          handed.release();
        }
      }
    }
  }

  ConcurrencyLimiter(int limit) {
    this.limit = limit;
  }

  /**
   * A place now, or a future that completes when one frees up; it completes exceptionally with a
   * {@link java.util.concurrent.TimeoutException} after {@code timeoutNanos}.
   */
  CompletableFuture<Permit> acquire(long timeoutNanos, ScheduledExecutorService timer) {
    CompletableFuture<Permit> waiter;
    synchronized (this) {
      if (inFlight < limit) {
        inFlight++;
        return CompletableFuture.completedFuture(new Permit());
      }
      waiter = new CompletableFuture<>();
      waiters.addLast(waiter);
    }
    timer.schedule(() -> expire(waiter), Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    return waiter;
  }

  private void expire(CompletableFuture<Permit> waiter) {
    boolean removed;
    synchronized (this) {
      removed = waiters.remove(waiter);
    }
    if (removed) {
      waiter.completeExceptionally(new java.util.concurrent.TimeoutException("queue timeout"));
    }
  }

  /** The longest waiter still waiting; its place is the released one. Caller holds the lock. */
  private CompletableFuture<Permit> nextWaiter() {
    CompletableFuture<Permit> next;
    while ((next = waiters.pollFirst()) != null) {
      if (!next.isDone()) {
        return next;
      }
    }
    return null;
  }

  synchronized int inFlight() {
    return inFlight;
  }
}
