package dev.rebound.agent.instrument;

import dev.rebound.agent.config.HostMatcher;
import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.engine.CallEngine;
import dev.rebound.agent.metrics.CallCounters;
import dev.rebound.agent.metrics.MetricsLog;
import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * What every adapter needs at run time. The counters exist from premain on; the configuration is
 * read, and the engine and the metrics log ({@link Services}) are started, by the first call that
 * needs them, so that start-up pays for none of them and a call Rebound does not manage never
 * starts them (it reads the managed hosts alone, {@link #hosts()}). Set once by premain; adapters
 * read it on every call. Thread-safe.
 */
public final class AgentRuntime {
  private static volatile AgentRuntime current;

  /** Null until {@link #config()} first resolves it through {@link #startup}. */
  private volatile ReboundConfig config;

  /** The hosts to manage while the configuration is not read yet; see {@link #hosts()}. */
  private volatile HostMatcher earlyHosts;

  /** The configuration, once read, disabled the agent. Guarded by this. */
  private boolean disabled;

  private final Instrumentation instrumentation;
  private final CallCounters counters = new CallCounters();
  private final Startup startup;
  private volatile Services services;

  /** The engine and the metrics log of a running agent. */
  public record Services(CallEngine engine, MetricsLog metrics) {}

  /**
   * What the runtime asks of whoever started it, each at most once: the configuration, the managed
   * hosts before it, the services. One interface, not one per question: premain loads each class it
   * names.
   */
  public interface Startup {
    /**
     * Reads the configuration; returns null, once its problems are reported, when it disables the
     * agent. Called by the first call that needs more than the hosts (a managed call, or the exit),
     * never in premain: premain only reads what it needs to install the hooks.
     */
    ReboundConfig load();

    /**
     * The hosts to manage from {@code rebound.hosts} and {@code rebound.hosts.replace} alone, or
     * null when either value is bad.
     */
    HostMatcher earlyHosts();

    /** Starts the services; called at most once per runtime that starts. */
    Services start(AgentRuntime runtime) throws Exception;
  }

  /**
   * @param config the configuration, when already read; null to have {@code startup} read it on
   *     first use
   */
  public AgentRuntime(ReboundConfig config, Instrumentation instrumentation, Startup startup) {
    this.config = config;
    this.instrumentation = instrumentation;
    this.startup = startup;
  }

  /**
   * The running agent, or null before start-up finished or once it is disabled (by a bad value
   * found when the configuration is first read).
   */
  public static AgentRuntime current() {
    return current;
  }

  /**
   * The configuration, read on first use; null when its problems disabled the agent, which then
   * manages nothing more ({@link #current()} is null from then on).
   */
  public ReboundConfig config() {
    ReboundConfig c = config;
    return c != null ? c : resolve();
  }

  private synchronized ReboundConfig resolve() {
    if (config == null && !disabled) {
      ReboundConfig loaded = startup.load();
      if (loaded == null) {
        // Read once: a thread that fetched this runtime before it was dropped hears no second
        // report of the same problems.
        disabled = true;
        if (current == this) {
          current = null;
        }
      }
      config = loaded;
    }
    return config;
  }

  public static void install(AgentRuntime runtime) {
    current = runtime;
  }

  /**
   * The hosts whose calls are managed. Before the configuration is read, the two keys that decide
   * them are read alone ({@link Startup#earlyHosts()}), so that a call to another host never pays
   * for the whole read; a bad value among them leaves the whole read to decide.
   */
  public HostMatcher hosts() {
    ReboundConfig c = config;
    if (c != null) {
      return c.hosts();
    }
    HostMatcher early = earlyHosts;
    if (early == null) {
      early = startup.earlyHosts();
      if (early == null) {
        c = config();
        return c != null ? c.hosts() : HostMatcher.of(List.of());
      }
      earlyHosts = early;
    }
    return early;
  }

  public Instrumentation instrumentation() {
    return instrumentation;
  }

  public CallCounters counters() {
    return counters;
  }

  public CallEngine engine() {
    return services().engine();
  }

  public MetricsLog metrics() {
    return services().metrics();
  }

  /** Counts a call that was not managed ({@code outcomes.passthrough}). */
  public void passthrough() {
    counters.passthrough();
  }

  /** Counts a failure inside Rebound that let the call proceed unchanged. */
  public void agentError() {
    counters.agentError();
  }

  /** Counts a call whose body could not be buffered and was passed through (SPEC §2). */
  public void unmanagedBody() {
    counters.unmanagedBody();
  }

  /** The services if they were started, else null; never starts them. */
  public Services startedServices() {
    return services;
  }

  /**
   * The services, started on first use. A failure to start propagates to the caller, whose
   * fail-open path lets its call through; the next call tries again.
   */
  public Services services() {
    Services s = services;
    if (s == null) {
      if (config() == null) {
        // A managed host, then a bad value elsewhere in the configuration: the call fails open.
        throw new IllegalStateException("rebound is disabled by its configuration");
      }
      synchronized (this) {
        s = services;
        if (s == null) {
          try {
            s = startup.start(this);
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException("rebound could not start: " + e, e);
          }
          services = s;
        }
      }
    }
    return s;
  }
}
