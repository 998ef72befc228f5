package dev.rebound.agent.instrument;

import dev.rebound.agent.config.HostMatcher;
import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.engine.CallEngine;
import dev.rebound.agent.metrics.MetricsLog;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * What every adapter needs at run time: the configuration, the engine, the metrics log and the
 * scheduler for asynchronous waits. Set once by the premain; adapters read it on every call.
 * Thread-safe.
 */
public final class AgentRuntime {
  private static volatile AgentRuntime current;

  private final ReboundConfig config;
  private final CallEngine engine;
  private final MetricsLog metrics;
  private volatile ScheduledExecutorService scheduler;

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

  /**
   * The one thread that waits for asynchronous calls: started on first use, so that an application
   * making only blocking calls never has it.
   */
  public ScheduledExecutorService scheduler() {
    ScheduledExecutorService s = scheduler;
    if (s == null) {
      synchronized (this) {
        s = scheduler;
        if (s == null) {
          ScheduledThreadPoolExecutor executor =
              new ScheduledThreadPoolExecutor(
                  1,
                  r -> {
                    Thread t = new Thread(r, "rebound-scheduler");
                    t.setDaemon(true);
                    return t;
                  });
          // A cancelled wait must not keep its call (and its response) reachable until it was due.
          executor.setRemoveOnCancelPolicy(true);
          scheduler = s = executor;
        }
      }
    }
    return s;
  }
}
