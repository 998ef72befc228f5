package dev.rebound.agent.engine;

import dev.rebound.api.CallRecord;

/** Where finished calls go (the metrics log). Must not block: it is called on application threads. */
@FunctionalInterface
public interface CallRecorder {
  void record(CallRecord record);

  CallRecorder NONE = record -> {};
}
