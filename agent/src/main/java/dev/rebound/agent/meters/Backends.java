package dev.rebound.agent.meters;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of the application's metrics libraries Rebound records into. Looks for them by class name
 * first, so that no class of Rebound's that calls a library is loaded when the library is absent.
 */
final class Backends {
  /** The OpenTelemetry Java agent keeps its API on the boot class path, in a package of its own. */
  static final String OTEL_AGENT_API = "io.opentelemetry.javaagent.shaded.io.opentelemetry.api.";

  static final String OTEL_API = "io.opentelemetry.api.";
  static final String MICROMETER_METRICS = "io.micrometer.core.instrument.Metrics";

  private Backends() {}

  /**
   * @param appLoader the class loader of the application's code; where it lacks Micrometer, the
   *     system class loader is asked too
   */
  static List<MeterBackend> find(ClassLoader appLoader, boolean otel, boolean micrometer) {
    ClassLoader loader = appLoader != null ? appLoader : ClassLoader.getSystemClassLoader();
    List<MeterBackend> found = new ArrayList<>();
    if (otel) {
      // With the Java agent attached, the application's own API is bridged to the agent's: one of
      // them, or every call would be counted twice.
      if (Reflection.find(OTEL_AGENT_API + "GlobalOpenTelemetry", null) != null) {
        addIfMade(found, OtelBackend.create(OTEL_AGENT_API, null, "OpenTelemetry (Java agent)"));
      } else if (Reflection.find(OTEL_API + "GlobalOpenTelemetry", loader) != null) {
        addIfMade(found, OtelBackend.create(OTEL_API, loader, "OpenTelemetry"));
      }
    }
    if (micrometer) {
      ClassLoader system = ClassLoader.getSystemClassLoader();
      if (Reflection.find(MICROMETER_METRICS, loader) != null) {
        addIfMade(found, MicrometerBackend.create(loader));
      } else if (loader != system && Reflection.find(MICROMETER_METRICS, system) != null) {
        addIfMade(found, MicrometerBackend.create(system));
      }
    }
    return found;
  }

  private static void addIfMade(List<MeterBackend> found, MeterBackend backend) {
    if (backend != null) {
      found.add(backend);
    }
  }
}
