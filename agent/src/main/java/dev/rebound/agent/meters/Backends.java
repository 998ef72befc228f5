package dev.rebound.agent.meters;

import java.util.ArrayList;
import java.util.List;

/** Which of the application's metrics libraries Rebound records into. */
final class Backends {
  private Backends() {}

  /**
   * @param appLoader the class loader of the application's code; where it lacks a library, the
   *     system class loader is asked too
   */
  static List<MeterBackend> find(ClassLoader appLoader, boolean otel, boolean micrometer) {
    ClassLoader loader = appLoader != null ? appLoader : ClassLoader.getSystemClassLoader();
    List<MeterBackend> found = new ArrayList<>();
    if (otel) {
      addIfFound(found, OtelBackend.find(loader));
    }
    if (micrometer) {
      MicrometerBackend backend = MicrometerBackend.find(loader);
      if (backend == null && loader != ClassLoader.getSystemClassLoader()) {
        backend = MicrometerBackend.find(ClassLoader.getSystemClassLoader());
      }
      addIfFound(found, backend);
    }
    return found;
  }

  private static void addIfFound(List<MeterBackend> found, MeterBackend backend) {
    if (backend != null) {
      found.add(backend);
    }
  }
}
