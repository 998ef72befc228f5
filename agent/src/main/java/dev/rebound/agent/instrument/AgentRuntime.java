package dev.rebound.agent.instrument;

import dev.rebound.agent.config.HostMatcher;
import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.engine.CallEngine;
import dev.rebound.agent.metrics.MetricsLog;

/**
 * What every adapter needs at run time: the configuration, the engine and the metrics log. Set once by the premain; adapters read it on every call.
 * Thread-safe.
 */
public final class AgentRuntime {
  private static volatile AgentRuntime current;

  private final ReboundConfig config;
  private final CallEngine engine;
  private final MetricsLog metrics;

  public AgentRuntime(ReboundConfig config, CallEngine engine, MetricsLog metrics) {
    this.config = config;
    this.engine = engine;
    this.metrics = metrics;
  }

  /** The running agent, or null before start-up finished (or when it is disabled). */
  public static AgentRuntime current() {
    return current;
  }

  public static void install(AgentRuntime runtime) {
    current = runtime;
  }

  public ReboundConfig config() {
    return config;
  }

  public HostMatcher hosts() {
    return config.hosts();
  }

  public CallEngine engine() {
    return engine;
  }

  public MetricsLog metrics() {
    return metrics;
  }
}
