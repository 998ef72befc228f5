package dev.rebound.agent.jfr;

import dev.rebound.agent.engine.CallWatch;
import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;

/**
 * Times one call and its attempts as JFR events, begun when they start and committed when they end,
 * so that a recording shows them where they happened. Used by one step of the call at a time.
 */
final class JfrWatch implements CallWatch {
  private final CallEvent call = new CallEvent();
  private AttemptEvent attempt;
  private long waitBeforeMs;

  JfrWatch() {
    call.begin();
  }

  @Override
  public void attemptStarted() {
    attempt = new AttemptEvent();
    attempt.begin();
  }

  @Override
  public void attemptEnded(AttemptRecord record) {
    AttemptEvent event = attempt;
    attempt = null;
    if (event != null) {
      event.end();
      if (event.shouldCommit()) {
        event.model = record.model();
        event.status = record.status();
        event.classification = record.classification().name();
        event.provider = record.provider();
        event.waitBeforeMs = waitBeforeMs;
        event.commit();
      }
    }
    // The record's wait is the one after it: it comes before the next attempt.
    waitBeforeMs = Math.round(record.waitMillis());
  }

  @Override
  public void ended(CallRecord record) {
    call.end();
    if (call.shouldCommit()) {
      call.client = record.client();
      call.host = record.host();
      call.path = record.path();
      call.modelRequested = record.modelRequested();
      call.modelUsed = record.modelUsed();
      call.outcome = record.outcome().wireName();
      call.status = record.status();
      call.attempts = record.attempts().size();
      call.commit();
    }
  }
}
