package dev.rebound.api;

/**
 * Told of every finished managed call. Implementations are found with {@link
 * java.util.ServiceLoader} on the application's class path ({@code
 * META-INF/services/dev.rebound.api.ReboundListener}). Without the agent nothing calls them.
 *
 * <p>Called on Rebound's metrics thread, never on an application thread: an implementation may
 * block briefly, but a slow one delays the metrics log. An exception it throws is counted as an
 * agent error and otherwise ignored.
 */
@FunctionalInterface
public interface ReboundListener {
  void onCall(CallRecord record);
}
