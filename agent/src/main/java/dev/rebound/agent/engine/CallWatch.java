package dev.rebound.agent.engine;

import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;

/**
 * Watches one call while it runs, for tools that time what happens as it happens (JDK Flight
 * Recorder events carry their own start and duration, which cannot be set after the fact). Asked of
 * {@link EngineEvents#watch()} when the call starts; told of each attempt and of the end, from
 * whichever thread runs that step, never from two at once. Implementations must not block.
 */
public interface CallWatch {
  /** An attempt is about to be sent (after any wait before it). */
  void attemptStarted();

  /** The attempt that started last has its result. */
  void attemptEnded(AttemptRecord attempt);

  /** The call has ended; {@code record} is the one {@link EngineEvents#call} gets. */
  void ended(CallRecord record);

  /** Watches nothing: what every call gets when no tool listens. */
  CallWatch NONE =
      new CallWatch() {
        @Override
        public void attemptStarted() {}

        @Override
        public void attemptEnded(AttemptRecord attempt) {}

        @Override
        public void ended(CallRecord record) {}
      };
}
