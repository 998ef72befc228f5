package dev.rebound.agent.boot;

/**
 * What the JDK client's advice calls, implemented by Rebound's adapter in the agent's own loader.
 * Defined on the boot class path with {@code java.base} types only: {@code java.net.http} is a
 * platform module, which boot classes cannot name. Each method returns null to let the original
 * method run unchanged.
 */
public interface JdkHttpHandler {
  /** {@code HttpClient.send(request, handler)} on the client whose implementation is {@code impl}. */
  MethodOutcome send(Object facade, Object impl, Object request, Object handler);

  /**
   * {@code HttpClient.sendAsync(request, handler[, pushHandler])}; {@code pushHandler} is null for
   * the two-argument overload.
   */
  MethodOutcome sendAsync(
      Object facade, Object impl, Object request, Object handler, Object pushHandler);
}
