package dev.rebound.agent.bootstrap;

import dev.rebound.agent.engine.EngineEvents;
import dev.rebound.agent.metrics.MetricsLog;
import dev.rebound.api.CallRecord;
import java.time.Instant;

/** The engine's events, written to the metrics log. Thread-safe, as the log is. */
final class MetricsEvents implements EngineEvents {
  private final MetricsLog metrics;

  MetricsEvents(MetricsLog metrics) {
    this.metrics = metrics;
  }

  @Override
  public void call(CallRecord record) {
    metrics.call(record);
  }

  @Override
  public void budgetDenied() {
    metrics.budgetDenied();
  }

  @Override
  public void breaker(String host, String model, String state, Instant until) {
    metrics.breaker(host, model, state, until);
  }
}
