package dev.rebound.agent.engine;

/**
 * Where the engine tells the other JVMs of a fleet what this one learned (SPEC §8). Every method
 * returns at once: it is called on application threads, which never wait for the network; the
 * implementation queues and sends in the background. {@code model} is null for a host-wide pause;
 * {@code credential} is a fingerprint, never a key.
 */
public interface SharedLimits {
  /** A coordinated pause began here: calls with this credential hold for {@code millis}. */
  void publishPause(String host, String model, String credential, long millis);

  /** This (host, model) circuit opened here; a probe may go in {@code millis}. */
  void publishOpen(String host, String model, String credential, long millis);

  /** This (host, model) circuit closed here: its probe (or another call) succeeded. */
  void publishProbeSuccess(String host, String model, String credential);
}
