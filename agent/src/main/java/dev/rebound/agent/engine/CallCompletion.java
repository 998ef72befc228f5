package dev.rebound.agent.engine;

import dev.rebound.api.CallRecord;
import dev.rebound.api.StreamError;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends a call exactly once: writes its record and gives back its place under {@code
 * max-concurrency}; at once for an ordinary response, or when a delivered stream ends, with the
 * error that came after content if any. Thread-safe.
 */
public final class CallCompletion {
  private final CallRecord record;
  private final EngineEvents events;
  private final CallWatch watch;
  private final Runnable release;
  private final AtomicBoolean done = new AtomicBoolean();

  CallCompletion(CallRecord record, EngineEvents events, CallWatch watch, Runnable release) {
    this.record = record;
    this.events = events;
    this.watch = watch;
    this.release = release;
  }

  /** Records the call; later calls do nothing. */
  public void complete(StreamError streamError) {
    if (done.compareAndSet(false, true)) {
      release.run();
      CallRecord done = streamError == null ? record : record.withStreamError(streamError);
      events.call(done);
      watch.ended(done);
    }
  }

  /** True while the record waits for a delivered stream to end. */
  public boolean isPending() {
    return !done.get();
  }

  /** The record as it stands, before any stream error. */
  public CallRecord record() {
    return record;
  }
}
