package dev.rebound.agent.bootstrap;

import dev.rebound.agent.config.ConfigParser;
import dev.rebound.agent.config.ConfigResult;
import dev.rebound.agent.config.ConfigSources;
import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.classify.Classifier;
import dev.rebound.agent.engine.CallEngine;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.Installer;
import dev.rebound.agent.instrument.jdk.JdkHttpClientBoot;
import dev.rebound.agent.metrics.MetricsLog;
import dev.rebound.agent.time.Clock;
import dev.rebound.agent.time.Sleeper;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts Rebound in {@code premain}: configuration, the metrics log, the engine, then the client
 * hooks and the {@code start} record. The fail-open boundary of start-up: whatever goes wrong, one {@code rebound: } line is
 * printed and the application starts as if there were no agent. Runs once, on the JVM's main thread.
 */
public final class AgentStarter {
  private AgentStarter() {}

  public static void start(String agentArgs, Instrumentation instrumentation) {
    try {
      ConfigResult result = ConfigParser.parse(ConfigSources.fromSystem(agentArgs));
      result.lines().forEach(Diagnostics::always);
      if (result.disabled()) {
        return;
      }
      ReboundConfig config = result.config();
      Diagnostics.setLevel(config.log());
      MetricsLog metrics =
          MetricsLog.open(
              config.metricsFile(),
              config.metricsInterval(),
              Clock.SYSTEM,
              ClassLoader.getSystemClassLoader());
      CallEngine engine =
          new CallEngine(
              config,
              new Classifier(),
              Clock.SYSTEM,
              Sleeper.SYSTEM,
              () -> ThreadLocalRandom.current().nextDouble(),
              new MetricsEvents(metrics, config),
              new DaemonScheduler());
      AgentRuntime.install(new AgentRuntime(config, engine, metrics));
      // The JDK client's hook runs inside a platform module: its bridge goes on the boot class path
      // first, or the hook is left out.
      Set<String> hookable = JdkHttpClientBoot.prepare(instrumentation, config.clients());
      List<String> clients = Installer.install(instrumentation, hookable, engine::warmUp);
      metrics.start(Version.get(), System.getProperty("java.version"), clients, result.effective());
      Runtime.getRuntime().addShutdownHook(new Thread(metrics::close, "rebound-shutdown"));
      Diagnostics.debug("started " + Version.get() + ", clients " + clients);
    } catch (Throwable t) {
      // Fail-open: the agent must never stop the application (SPEC §1).
      Diagnostics.always("rebound: disabled: could not start: " + t);
    }
  }
}
