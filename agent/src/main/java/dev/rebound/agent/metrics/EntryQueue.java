package dev.rebound.agent.metrics;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded hand-over from application threads to the writer thread. Lock-free: a producer never
 * waits, it drops instead when the queue is full (SPEC §6 {@code dropped}). Many producers, one
 * consumer; {@link #poll()} and {@link #await(long)} belong to the consumer thread alone.
 */
final class EntryQueue {

  private final ConcurrentLinkedQueue<LogEntry> entries = new ConcurrentLinkedQueue<>();
  // ConcurrentLinkedQueue.size() walks the whole queue; this count is the bound instead.
  private final AtomicInteger size = new AtomicInteger();
  private final int capacity;
  // The writer is woken by a producer only once this many entries wait; below it, it finds them
  // when its linger ends (WriterLoop.LINGER_NANOS). The benchmark (issue #8) found one wake-up and
  // one write(2) per call record costing a managed call more than all the rest of the log.
  private final int wakeAt;
  private volatile Thread consumer;
  private volatile boolean parked;
  private volatile boolean wakeRequested;

  EntryQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
    }
    this.capacity = capacity;
    this.wakeAt = Math.max(1, capacity / 4);
  }

  /** Names the thread that {@link #wakeUp()} unparks; called once, before it starts. */
  void consumer(Thread thread) {
    this.consumer = thread;
  }

  /** Queues an entry unless the queue is full; returns false when it was dropped. */
  boolean offer(LogEntry entry) {
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return false;
    }
    entries.offer(entry);
    if (size.get() >= wakeAt) {
      unparkConsumer();
    }
    return true;
  }

  /**
   * Queues an entry past the bound: for the few lines that must not be lost (start, summaries), one
   * per interval at most.
   */
  void offerAlways(LogEntry entry) {
    size.incrementAndGet();
    entries.offer(entry);
    unparkConsumer();
  }

  /** The oldest entry, or null when none waits. Consumer only. */
  LogEntry poll() {
    LogEntry entry = entries.poll();
    if (entry != null) {
      size.decrementAndGet();
    }
    return entry;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Makes a current or the next {@link #await} return at once, e.g. to see a stop request. */
  void wakeUp() {
    wakeRequested = true;
    unparkConsumer();
  }

  /**
   * Parks the consumer until an entry arrives, {@link #wakeUp()} is called or the time passes.
   * Consumer only.
   */
  void await(long nanos) {
    // Dekker-style hand-shake over volatiles: either this thread sees the producer's entry or
    // wake request below, or the producer sees parked == true and unparks it. Removing either
    // check can park the writer for a whole interval with lines waiting.
    parked = true;
    try {
      if (entries.isEmpty() && !wakeRequested) {
        LockSupport.parkNanos(this, nanos);
      }
    } finally {
      parked = false;
      wakeRequested = false;
    }
  }

  private void unparkConsumer() {
    if (parked) {
      Thread thread = consumer;
      if (thread != null) {
        LockSupport.unpark(thread);
      }
    }
  }
}
