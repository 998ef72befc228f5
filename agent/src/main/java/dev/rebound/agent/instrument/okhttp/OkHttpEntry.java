package dev.rebound.agent.instrument.okhttp;

/**
 * What the OkHttp adapter offers the bridge. Defined in the agent's loader and implemented by the
 * adapter next to the application's OkHttp, so its signature names no OkHttp type.
 */
public interface OkHttpEntry {
  /**
   * A client is being built from {@code builder}: adds Rebound's interceptor to its application
   * interceptors, unless it is there already (a builder from {@code newBuilder()} copies it, and
   * must not retry twice).
   */
  void clientBuilt(Object builder);

  /**
   * Takes over {@code call.enqueue(callback)} for a managed call so that its waits run on Rebound's
   * scheduler; false when the call is not managed and the client should enqueue it as usual.
   */
  boolean enqueue(Object call, Object callback);

  /** The application cancelled {@code call}; a call Rebound took over stops its attempts. */
  void cancel(Object call);
}
