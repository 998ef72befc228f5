package dev.rebound.agent.meters;

/**
 * One metrics library of the application, as Rebound records into it. Tags alternate key and value
 * ({@code "rebound.outcome", "success", ...}). Confined to the {@code rebound-meters} thread.
 */
interface MeterBackend {
  /** Adds one to the counter {@code name} with these tags. */
  void increment(String name, String description, String unit, String[] tags);

  /** Records a duration in the histogram {@code name}, whose unit is seconds. */
  void recordSeconds(String name, String description, double seconds, String[] tags);

  /** The library, for diagnostics: {@code OpenTelemetry} or {@code Micrometer}. */
  String library();
}
