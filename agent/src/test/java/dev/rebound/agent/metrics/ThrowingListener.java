package dev.rebound.agent.metrics;

import dev.rebound.api.CallRecord;
import dev.rebound.api.ReboundListener;

/** A listener with a bug. */
public final class ThrowingListener implements ReboundListener {

  @Override
  public void onCall(CallRecord record) {
    throw new IllegalStateException("listener bug");
  }
}
