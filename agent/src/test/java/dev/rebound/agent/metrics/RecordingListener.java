package dev.rebound.agent.metrics;

import dev.rebound.api.CallRecord;
import dev.rebound.api.ReboundListener;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A listener found through a services file; remembers each call and the thread it came on. */
public final class RecordingListener implements ReboundListener {

  static final ConcurrentLinkedQueue<CallRecord> CALLS = new ConcurrentLinkedQueue<>();
  static final ConcurrentLinkedQueue<String> THREADS = new ConcurrentLinkedQueue<>();

  @Override
  public void onCall(CallRecord record) {
    CALLS.add(record);
    THREADS.add(Thread.currentThread().getName());
  }

  static void reset() {
    CALLS.clear();
    THREADS.clear();
  }
}
