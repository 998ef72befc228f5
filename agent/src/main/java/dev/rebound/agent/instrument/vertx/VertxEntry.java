package dev.rebound.agent.instrument.vertx;

/**
 * What the Vert.x adapter offers its hooks. Defined in the agent's loader and implemented next to
 * the application's Vert.x, so its signature names no Vert.x type.
 */
public interface VertxEntry {
  /**
   * {@code HttpClientImpl.request(RequestOptions)}: the future of a request that Rebound will watch
   * (a POST to an LLM host), or null to let the client's own method run.
   */
  Object request(Object client, Object options);

  /**
   * Vert.x 4.5's private {@code doRequest(RequestOptions, PromiseInternal)}, which its callback
   * overloads reach: true when Rebound completed {@code promise} itself.
   */
  boolean doRequest(Object client, Object options, Object promise);

  /**
   * The request's private {@code write(ByteBuf, end[, handler])}: Rebound's answer (a future, or
   * any value for 4.5's void method after it called {@code completion}), or null to let it run.
   */
  Object write(
      Object request, Object buffer, boolean end, Object completion, boolean returnsFuture);

  /** A response head for a watched request: true when Rebound took it (the original is skipped). */
  boolean response(Object request, Object response);

  /** {@code HttpClientRequestBase.fail(Throwable)}: true when Rebound took the failure. */
  boolean fail(Object request, Throwable cause);

  /** The request's private {@code reset(Throwable)}, before it runs: stops a pending retry. */
  void reset(Object request, Throwable cause);
}
