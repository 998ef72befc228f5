package dev.rebound.agent.bootstrap;

import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.config.ReboundConfig.Detection;
import dev.rebound.agent.engine.CallWatch;
import dev.rebound.agent.engine.EngineEvents;
import dev.rebound.agent.jfr.JfrEvents;
import dev.rebound.agent.meters.MeterSink;
import dev.rebound.agent.metrics.MetricsLog;
import dev.rebound.api.CallRecord;
import java.time.Instant;
import java.util.function.Consumer;
import jdk.jfr.FlightRecorder;

/**
 * The engine's events, written to the metrics log and handed to the application's own tools (SPEC
 * §9): JDK Flight Recorder events, OpenTelemetry and Micrometer meters. Neither the JFR event
 * classes nor the meters' thread is touched before the first managed call. Thread-safe, as the log
 * is.
 */
final class MetricsEvents implements EngineEvents {
  private final MetricsLog metrics;
  private final boolean jfr;

  /** Null when {@code rebound.otel} and {@code rebound.micrometer} are both off. */
  private final MeterSink meters;

  MetricsEvents(MetricsLog metrics, ReboundConfig config) {
    this.metrics = metrics;
    this.jfr = config.jfr() && jfrAvailable();
    this.meters =
        config.otel() == Detection.AUTO || config.micrometer() == Detection.AUTO
            ? new MeterSink(config, new DebugLine(), metrics.agentErrors())
            : null;
  }

  /** Whether this JVM has Flight Recorder (jlink may leave it out); loads none of it. */
  private static boolean jfrAvailable() {
    return ModuleLayer.boot().findModule("jdk.jfr").isPresent();
  }

  @Override
  public void call(CallRecord record) {
    metrics.call(record);
    if (meters != null) {
      meters.call(record);
    }
  }

  @Override
  public void budgetDenied() {
    metrics.budgetDenied();
  }

  @Override
  public void breaker(String host, String model, String state, Instant until) {
    metrics.breaker(host, model, state, until);
    if (recording()) {
      JfrEvents.breaker(host, model, state);
    }
    if (meters != null) {
      meters.breaker(host, model, state);
    }
  }

  /** Asked on the application's thread as each call starts. */
  @Override
  public CallWatch watch() {
    if (meters != null) {
      meters.callStarting();
    }
    return recording() ? JfrEvents.watch() : CallWatch.NONE;
  }

  /**
   * Whether Flight Recorder has started in this JVM (a recording now, or one since start-up). Until
   * then Rebound's event classes stay unloaded: loading the first {@code jdk.jfr.Event} subclass
   * brings in JFR's own instrumentation, over a hundred classes on the first managed call.
   */
  private boolean recording() {
    return jfr && FlightRecorder.isInitialized();
  }

  /** Where the meters' one line goes (a class, not a lambda: made on the first managed call). */
  private static final class DebugLine implements Consumer<String> {
    @Override
    public void accept(String line) {
      Diagnostics.debug(line);
    }
  }
}
