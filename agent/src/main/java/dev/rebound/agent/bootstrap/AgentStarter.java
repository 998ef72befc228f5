package dev.rebound.agent.bootstrap;

import dev.rebound.agent.AgentLoader;
import dev.rebound.agent.config.ConfigParser;
import dev.rebound.agent.config.ConfigResult;
import dev.rebound.agent.config.ConfigSources;
import dev.rebound.agent.config.EarlyHosts;
import dev.rebound.agent.config.HostMatcher;
import dev.rebound.agent.config.LogLevel;
import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.hook.HookTransformer;
import dev.rebound.agent.instrument.AgentRuntime;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starts Rebound in {@code premain}: the few settings that decide which hooks to install ({@link
 * EarlySettings}), then the one transformer. Nothing else: the whole configuration is read by the
 * first managed call ({@link #load}; a call to another host reads only the managed hosts, {@link
 * #earlyHosts}), and the engine, classifier and metrics log are started by the first managed call
 * ({@link #start(AgentRuntime)}), so that an application with Rebound starts as fast as one
 * without. The fail-open boundary of start-up: whatever goes wrong, one {@code rebound: } line is
 * printed and the application starts as if there were no agent. Runs once, on the JVM's main
 * thread: {@link AgentLoader} initializes this class inside Rebound's own class loader, and its
 * static initializer starts Rebound with premain's arguments (a static initializer runs there
 * without reflection, and no class of its own is loaded for it).
 */
public final class AgentStarter implements AgentRuntime.Startup {
  static {
    start(
        AgentLoader.pendingArgs(),
        AgentLoader.pendingInstrumentation(),
        AgentLoader.pendingStartNanos());
  }

  private final String agentArgs;
  private volatile Map<String, String> effectiveConfig = Map.of();
  private List<String> clients = List.of();

  private AgentStarter(String agentArgs) {
    this.agentArgs = agentArgs;
  }

  /**
   * @param startNanos when the JVM called {@code premain}: the debug line's time covers Rebound's
   *     own class loader and the loading of these classes too
   */
  private static void start(String agentArgs, Instrumentation instrumentation, long startNanos) {
    try {
      AgentStarter starter = new AgentStarter(agentArgs);
      EarlySettings early = EarlySettings.read(agentArgs);
      AgentRuntime runtime;
      Set<String> clients;
      boolean debug;
      if (early.needsFullRead()) {
        // A properties file or an agent argument may set anything: read it all now.
        ReboundConfig config = starter.load();
        if (config == null) {
          return;
        }
        runtime = new AgentRuntime(config, instrumentation, starter);
        clients = Set.copyOf(config.clients());
        debug = Diagnostics.isDebug();
      } else if (early.disabled()) {
        // SPEC §1: "false installs nothing"; the full read would say nothing either.
        return;
      } else {
        // Asked of the settings, not of Diagnostics: premain then loads neither it nor LogLevel.
        debug = early.debug();
        if (debug) {
          Diagnostics.setLevel(LogLevel.DEBUG);
        }
        runtime = new AgentRuntime(null, instrumentation, starter);
        clients = early.clients();
      }
      AgentRuntime.install(runtime);
      starter.clients =
          HookTransformer.install(
              instrumentation,
              clients,
              AgentStarter.class.getClassLoader(),
              new AgentErrors(),
              debug);
      // A Thread object, not a thread: nothing runs until the JVM exits.
      Runtime.getRuntime().addShutdownHook(new Thread(new Shutdown(starter), "rebound-shutdown"));
      if (debug) {
        // Measured before the version is read: that read is the debug line's, not premain's.
        long micros = (System.nanoTime() - startNanos) / 1000;
        Diagnostics.debug(
            "started " + Version.get() + " in " + micros + " us, clients " + starter.clients);
      }
    } catch (Throwable t) {
      // Fail-open: the agent must never stop the application (SPEC §1).
      AgentRuntime.install(null);
      Diagnostics.always("rebound: disabled: could not start: " + t);
    }
  }

  /**
   * Reads the whole configuration (SPEC §1) and reports its problems, one line each; null when it
   * disables the agent. In premain only when a file or an agent argument is given; otherwise on the
   * first managed call, or at exit.
   */
  @Override
  public ReboundConfig load() {
    long startNanos = System.nanoTime();
    ConfigResult result = ConfigParser.parse(ConfigSources.fromSystem(agentArgs));
    for (String line : result.lines()) {
      Diagnostics.always(line);
    }
    if (result.disabled()) {
      return null;
    }
    Diagnostics.setLevel(result.config().log());
    effectiveConfig = result.effective();
    Diagnostics.debug(
        "read the configuration in " + (System.nanoTime() - startNanos) / 1000 + " us");
    return result.config();
  }

  @Override
  public HostMatcher earlyHosts() {
    return EarlyHosts.of(
        EarlySettings.value("rebound.hosts"), EarlySettings.value("rebound.hosts.replace"));
  }

  /** The engine and the metrics log, on the first call that needs them. */
  @Override
  public AgentRuntime.Services start(AgentRuntime runtime) throws Exception {
    return EngineStart.start(runtime, clients, effectiveConfig);
  }

  /**
   * Closes the metrics log at exit; an application that never made a managed call still gets its
   * {@code start} record and a summary of what passed through.
   */
  private static final class Shutdown implements Runnable {
    private final AgentStarter starter;

    Shutdown(AgentStarter starter) {
      this.starter = starter;
    }

    @Override
    public void run() {
      try {
        // Reads the configuration if no call did: its problems are reported now, at the latest.
        AgentRuntime runtime = AgentRuntime.current();
        if (runtime == null || runtime.config() == null) {
          return;
        }
        AgentRuntime.Services services = runtime.startedServices();
        (services != null
                ? services.metrics()
                : EngineStart.openMetrics(runtime, starter.clients, starter.effectiveConfig))
            .close();
      } catch (Throwable t) {
        Diagnostics.info("could not close the metrics log: " + t);
      }
    }
  }

  /** A hook's handler failed: an agent error of the running agent, if any. */
  private static final class AgentErrors implements Runnable {
    @Override
    public void run() {
      AgentRuntime runtime = AgentRuntime.current();
      if (runtime != null) {
        runtime.agentError();
      }
    }
  }
}
