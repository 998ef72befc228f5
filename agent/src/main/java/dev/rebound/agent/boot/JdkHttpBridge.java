package dev.rebound.agent.boot;

/**
 * The one class that advice inlined into {@code jdk.internal.net.http.HttpClientFacade} calls. It
 * lives on the boot class path (a small jar Rebound appends at start-up), the only place that code
 * in the platform module {@code java.net.http} can link to; the handler it forwards to is set once
 * in premain. Before that, or when the agent is disabled, every call runs unchanged. Thread-safe.
 */
public final class JdkHttpBridge {
  private static volatile JdkHttpHandler handler;

  private JdkHttpBridge() {}

  /** Called once by the agent's start-up. */
  public static void install(JdkHttpHandler h) {
    handler = h;
  }

  public static MethodOutcome send(Object facade, Object impl, Object request, Object bodyHandler) {
    JdkHttpHandler h = handler;
    return h == null ? null : h.send(facade, impl, request, bodyHandler);
  }

  public static MethodOutcome sendAsync(
      Object facade, Object impl, Object request, Object bodyHandler, Object pushHandler) {
    JdkHttpHandler h = handler;
    return h == null ? null : h.sendAsync(facade, impl, request, bodyHandler, pushHandler);
  }
}
