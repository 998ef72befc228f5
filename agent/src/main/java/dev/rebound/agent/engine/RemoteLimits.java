package dev.rebound.agent.engine;

/**
 * What other JVMs of a fleet learned (SPEC §8), applied to this JVM's own protections exactly as if
 * it had learned it itself, except that nothing applied here is published again. Every method is
 * short and never waits; thread-safe.
 */
public interface RemoteLimits {
  /** Calls to the host (or model, when not null) with this credential hold for {@code millis}. */
  void applyPause(String host, String model, String credential, long millis);

  /**
   * The circuit of (host, model) for this credential is open for {@code millis}; this JVM leaves
   * the probe to the JVM that opened it, and probes itself only if no result comes within another
   * open period.
   */
  void applyOpen(String host, String model, String credential, long millis);

  /** The probe of another JVM succeeded: the circuit closes and its waiting calls go. */
  void applyProbeSuccess(String host, String model, String credential);
}
