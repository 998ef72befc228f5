package dev.rebound.agent.bootstrap;

import dev.rebound.agent.classify.Classifier;
import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.engine.CallEngine;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.metrics.MetricsLog;
import dev.rebound.agent.shared.RedisSharing;
import dev.rebound.agent.time.Clock;
import dev.rebound.agent.time.Sleeper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Starts the engine and the metrics log, on the first call that needs them. Apart from {@link
 * AgentStarter}, whose code premain verifies: none of this is loaded before it runs.
 */
final class EngineStart {
  private EngineStart() {}

  /**
   * @param clients the client families whose hooks are installed, for the {@code start} record
   * @param effective the effective configuration, for the {@code start} record
   */
  static AgentRuntime.Services start(
      AgentRuntime runtime, List<String> clients, Map<String, String> effective) throws Exception {
    long startNanos = System.nanoTime();
    ReboundConfig config = runtime.config();
    MetricsLog metrics = openMetrics(runtime, clients, effective);
    CallEngine engine =
        new CallEngine(
            config,
            new Classifier(),
            Clock.SYSTEM,
            Sleeper.SYSTEM,
            new ThreadRandom(),
            new MetricsEvents(metrics, config),
            new DaemonScheduler());
    if (!config.sharedRedis().isOff()) {
      // Only here: without rebound.shared.redis no class of the sharing is loaded.
      RedisSharing.start(config, engine, runtime.counters());
    }
    Diagnostics.debug("started the engine in " + (System.nanoTime() - startNanos) / 1000 + " us");
    return new AgentRuntime.Services(engine, metrics);
  }

  /** Opens the metrics log and writes its {@code start} record. */
  static MetricsLog openMetrics(
      AgentRuntime runtime, List<String> clients, Map<String, String> effective) throws Exception {
    ReboundConfig config = runtime.config();
    MetricsLog metrics =
        MetricsLog.open(
            config.metricsFile(),
            config.metricsInterval(),
            Clock.SYSTEM,
            ClassLoader.getSystemClassLoader(),
            runtime.counters());
    metrics.start(Version.get(), System.getProperty("java.version"), clients, effective);
    return metrics;
  }

  /**
   * The backoff's random numbers. Classes, not lambdas, for what the first managed call makes: a
   * lambda is spun into a class when first run, which costs more there than loading a class.
   */
  private static final class ThreadRandom implements DoubleSupplier {
    @Override
    public double getAsDouble() {
      return ThreadLocalRandom.current().nextDouble();
    }
  }
}
