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
   * The request's private {@code write(chunk, end[, handler])}, whose chunk is a Netty {@code
   * ByteBuf} up to 5.0 and a Vert.x {@code Buffer} from 5.1: Rebound's answer (a future, or any
   * value for 4.5's void method after it called {@code completion}), or null to let it run.
   */
  Object write(
      Object request, Object buffer, boolean end, Object completion, boolean returnsFuture);

  /** A response head for a watched request: true when Rebound took it (the original is skipped). */
  boolean response(Object request, Object response);

  /** {@code HttpClientRequestBase.fail(Throwable)}: true when Rebound took the failure. */
  boolean fail(Object request, Throwable cause);

  /**
   * Up to 5.0, the request's private {@code reset(Throwable)}, before it runs (every reset and
   * timeout of the request ends there): stops a pending retry. {@code cause} is what the request
   * fails with.
   */
  void reset(Object request, Throwable cause);

  /**
   * From 5.1, a reset or a cancel of the request ({@code reset(long, Throwable)}, {@code
   * cancel(Throwable)}), before it runs: as {@link #reset(Object, Throwable)}, the request to fail
   * with a {@code StreamResetException} of {@code code} and {@code cause} (which may be null).
   * Ignored on a version whose resets all reach {@code reset(Throwable)}.
   */
  void reset(Object request, long code, Throwable cause);
}
