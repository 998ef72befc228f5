package dev.rebound.agent.metrics;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.time.Clock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of the {@code rebound-metrics} thread: drains the queue into the log, flushes once per
 * batch, tells listeners, and cuts a summary every interval and at the end. Confined to that
 * thread, apart from {@link #stop()}.
 */
final class WriterLoop implements Runnable {

  /** Lines written per flush at most; bounds the batch list while a burst is drained. */
  private static final int BATCH = 256;

  static final String THREAD_NAME = "rebound-metrics";

  /**
   * How long lines may wait in the queue before they are written: producers do not wake this thread
   * for each line (see EntryQueue), so it looks this often, and a line reaches the log within it.
   */
  static final long LINGER_NANOS = 100_000_000L;

  private final EntryQueue queue;
  private final RecordWriter writer;
  private final SummaryWindow window;
  private final ListenerDispatch listeners;
  private final Clock clock;
  private final long intervalNanos;
  private final List<LogEntry> batch = new ArrayList<>(BATCH);
  private long nextSummaryNanos;
  private boolean writing = true;
  private volatile boolean stopping;

  WriterLoop(
      EntryQueue queue,
      RecordWriter writer,
      SummaryWindow window,
      ListenerDispatch listeners,
      Clock clock,
      long intervalNanos) {
    this.queue = queue;
    this.writer = writer;
    this.window = window;
    this.listeners = listeners;
    this.clock = clock;
    this.intervalNanos = intervalNanos;
    // Set here, not in run(): the first interval starts when the log opens, as the window does.
    this.nextSummaryNanos = clock.nanoTime() + intervalNanos;
  }

  /**
   * Starts the daemon thread that runs this loop.
   *
   * @param contextLoader the thread's context class loader: listeners run on it and may look up
   *     resources through it
   */
  Thread startThread(ClassLoader contextLoader) {
    // No inherited thread locals: the thread is created by whoever opens the log.
    Thread thread = new Thread(null, this, THREAD_NAME, 0, false);
    thread.setDaemon(true);
    thread.setContextClassLoader(contextLoader);
    queue.consumer(thread);
    thread.start();
    return thread;
  }

  /** Asks the loop to drain what is queued, write the final summary and end. Any thread. */
  void stop() {
    stopping = true;
    queue.wakeUp();
  }

  @Override
  public void run() {
    while (true) {
      drainBatch();
      long now = clock.nanoTime();
      if (now - nextSummaryNanos >= 0) {
        writeSummary();
        // After a long pause (a suspended laptop) one summary covers it all, not a burst of them.
        nextSummaryNanos = Math.max(nextSummaryNanos + intervalNanos, now + 1);
      } else if (stopping) {
        if (queue.isEmpty()) {
          break;
        }
      } else if (queue.isEmpty()) {
        queue.await(Math.min(Math.min(nextSummaryNanos - now, intervalNanos), LINGER_NANOS));
      }
    }
    writeSummary();
    finish();
  }

  private void drainBatch() {
    LogEntry entry;
    while (batch.size() < BATCH && (entry = queue.poll()) != null) {
      batch.add(entry);
      if (entry instanceof LogEntry.Call) {
        window.recordLatency(((LogEntry.Call) entry).record());
      }
      write(entry);
    }
    if (batch.isEmpty()) {
      return;
    }
    flush();
    // Listeners after the flush: a slow listener must not hold back lines already written.
    for (LogEntry written : batch) {
      if (written instanceof LogEntry.Call) {
        listeners.dispatch(((LogEntry.Call) written).record());
      }
    }
    batch.clear();
  }

  private void writeSummary() {
    write(window.snapshot());
    flush();
  }

  private void write(LogEntry entry) {
    if (!writing) {
      return;
    }
    try {
      if (!writer.write(entry)) {
        window.agentError();
      }
    } catch (IOException e) {
      failed(e);
    }
  }

  private void flush() {
    if (!writing) {
      return;
    }
    try {
      writer.flush();
    } catch (IOException e) {
      failed(e);
    }
  }

  private void finish() {
    try {
      // Closed even after a failure, so that the file descriptor is released.
      writer.close();
    } catch (IOException e) {
      // Already counted when writing stopped; otherwise the final summary is out and the count
      // is all that is left to record it in.
      if (writing) {
        window.agentError();
      }
    }
  }

  /**
   * A broken sink (a file that cannot be opened, a full disk, a file removed with its directory)
   * stops writing, counted once and said once: the summary that would count it cannot be written.
   */
  private void failed(IOException e) {
    writing = false;
    window.agentError();
    Diagnostics.always("rebound: the metrics log stopped: " + e);
  }
}
