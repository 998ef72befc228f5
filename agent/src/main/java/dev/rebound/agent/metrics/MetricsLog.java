package dev.rebound.agent.metrics;

import dev.rebound.agent.time.Clock;
import dev.rebound.api.CallRecord;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The metrics log (SPEC §6): counts every call for the summary and hands lines to one daemon writer
 * thread, {@code rebound-metrics}. Thread-safe; no method blocks, touches the disk or throws (bar a
 * caller's mistake) on the caller's thread, and a line that does not fit the queue is dropped.
 */
public final class MetricsLog implements AutoCloseable {

  /**
   * Lines that may wait for the writer. A call line is about 500 bytes, so this bounds the queue
   * near 4 MiB while riding out a disk stall of seconds at hundreds of calls per second.
   */
  static final int DEFAULT_CAPACITY = 8192;

  /**
   * How long {@link #close()} waits for the writer. It runs in a shutdown hook, which must not hold
   * the JVM's exit hostage to a stuck disk or a blocking listener.
   */
  private static final long CLOSE_TIMEOUT_MILLIS = 5_000;

  private final Clock clock;
  // All null when the log is off: every method then returns at once.
  private final SummaryWindow window;
  private final EntryQueue queue;
  private final WriterLoop loop;
  private final Thread thread;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MetricsLog(
      Clock clock, SummaryWindow window, EntryQueue queue, WriterLoop loop, Thread thread) {
    this.clock = clock;
    this.window = window;
    this.queue = queue;
    this.loop = loop;
    this.thread = thread;
  }

  /**
   * Opens the log and starts its writer thread.
   *
   * @param target a file path (created owner-only, or appended to, by the writer thread: a file
   *     that cannot be opened stops the log, said once on stderr, and nothing else), {@code
   *     stderr}, or {@code off}, which writes nothing and starts no thread
   * @param interval how often a summary record is written
   * @param listenerLoader where {@link dev.rebound.api.ReboundListener}s are looked up, or null for
   *     the system class loader
   */
  public static MetricsLog open(
      String target, Duration interval, Clock clock, ClassLoader listenerLoader) {
    return open(target, interval, clock, listenerLoader, new CallCounters());
  }

  /**
   * Opens the log as {@link #open(String, Duration, Clock, ClassLoader)} does, on counts that may
   * have started before it.
   */
  public static MetricsLog open(
      String target,
      Duration interval,
      Clock clock,
      ClassLoader listenerLoader,
      CallCounters counters) {
    Objects.requireNonNull(target, "target");
    requirePositive(interval);
    switch (LogTarget.kind(target)) {
      case OFF:
        // Nothing is written; but listeners, if the application has any, are still told of every
        // call (SPEC §5), so the writer thread runs for them alone.
        return ListenerDispatch.anyDeclared(listenerLoader)
            ? create(
                OutputStream.nullOutputStream(),
                false,
                DEFAULT_CAPACITY,
                interval,
                clock,
                listenerLoader,
                counters)
            : new MetricsLog(clock, null, null, null, null);
      case STDERR:
        return create(
            LogTarget.stderr(), false, DEFAULT_CAPACITY, interval, clock, listenerLoader, counters);
      default:
        return create(
            new FileOnFirstWrite(target),
            true,
            DEFAULT_CAPACITY,
            interval,
            clock,
            listenerLoader,
            counters);
    }
  }

  /** Opens a log on any sink; the seam for tests, which pass a small capacity and a fake clock. */
  static MetricsLog create(
      OutputStream sink,
      boolean closeSink,
      int capacity,
      Duration interval,
      Clock clock,
      ClassLoader listenerLoader) {
    return create(sink, closeSink, capacity, interval, clock, listenerLoader, new CallCounters());
  }

  private static MetricsLog create(
      OutputStream sink,
      boolean closeSink,
      int capacity,
      Duration interval,
      Clock clock,
      ClassLoader listenerLoader,
      CallCounters counters) {
    requirePositive(interval);
    SummaryWindow window = new SummaryWindow(clock, counters);
    EntryQueue queue = new EntryQueue(capacity);
    RecordWriter writer = new RecordWriter(new BufferedOutputStream(sink, 1 << 16), closeSink);
    ListenerDispatch listeners = new ListenerDispatch(listenerLoader, new AgentErrors(window));
    WriterLoop loop = new WriterLoop(queue, writer, window, listeners, clock, interval.toNanos());
    return new MetricsLog(clock, window, queue, loop, loop.startThread(listenerLoader));
  }

  private static void requirePositive(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be > 0: " + interval);
    }
  }

  /** Queues the {@code start} record. */
  public void start(String version, String jvm, List<String> clients, Map<String, String> config) {
    if (window != null && !closed.get()) {
      queue.offerAlways(LogEntry.start(clock.currentTimeMillis(), version, jvm, clients, config));
    }
  }

  /**
   * Counts a finished managed call and queues its {@code call} record; ReboundListeners are told on
   * the writer thread. A record that does not fit the queue is counted as {@code dropped}.
   */
  public void call(CallRecord record) {
    if (window == null) {
      return;
    }
    window.count(record);
    if (!closed.get() && !queue.offer(new LogEntry.Call(record))) {
      window.dropped();
    }
  }

  /**
   * Queues a {@code breaker} record.
   *
   * @param state {@code open}, {@code half_open} or {@code closed}
   * @param until when an open circuit lets a probe through, or null
   */
  public void breaker(String host, String model, String state, Instant until) {
    if (window == null) {
      return;
    }
    if (!"open".equals(state) && !"half_open".equals(state) && !"closed".equals(state)) {
      throw new IllegalArgumentException("state must be open, half_open or closed: " + state);
    }
    LogEntry breaker = new LogEntry.Breaker(clock.currentTimeMillis(), host, model, state, until);
    if (!closed.get() && !queue.offer(breaker)) {
      window.dropped();
    }
  }

  /** Counts a call that was not managed ({@code outcomes.passthrough}). */
  public void passthrough() {
    if (window != null) {
      window.passthrough();
    }
  }

  /** Counts a failure inside Rebound that let the call proceed unchanged. */
  public void agentError() {
    if (window != null) {
      window.agentError();
    }
  }

  /** {@link #agentError()} as a {@code Runnable}, for code that only counts failures. */
  public Runnable agentErrors() {
    return new AgentErrors(window);
  }

  /** Counts a call whose body could not be buffered and was passed through (SPEC §2). */
  public void unmanagedBody() {
    if (window != null) {
      window.unmanagedBody();
    }
  }

  /** Counts a retry that the retry budget did not allow. */
  public void budgetDenied() {
    if (window != null) {
      window.budgetDenied();
    }
  }

  /** Cuts the current interval now and queues its summary; the seam for tests. */
  void summaryNow() {
    if (window != null) {
      queue.offerAlways(window.snapshot());
    }
  }

  /**
   * Writes the queued lines and a final summary, flushes and stops the writer thread, waiting at
   * most five seconds. Idempotent; safe from a shutdown hook. Lines offered later are dropped.
   */
  @Override
  public void close() {
    if (window == null || !closed.compareAndSet(false, true)) {
      return;
    }
    loop.stop();
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(CLOSE_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      // Give up waiting, keep the interrupt for whoever shuts the JVM down.
      Thread.currentThread().interrupt();
    }
  }

  /** Whether no writer thread runs (any more); for tests. */
  boolean writerStopped() {
    return thread == null || !thread.isAlive();
  }

  /**
   * Counts an agent error (a class, not a lambda: made on the first managed call); counts nothing
   * for a log that writes nothing.
   */
  private static final class AgentErrors implements Runnable {
    private final SummaryWindow window;

    AgentErrors(SummaryWindow window) {
      this.window = window;
    }

    @Override
    public void run() {
      if (window != null) {
        window.agentError();
      }
    }
  }
}
