package dev.rebound.agent.instrument.vertx.adapter;

import dev.rebound.agent.instrument.vertx.VertxHooks;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import java.lang.reflect.Method;

/**
 * The few things Rebound needs from Vert.x that its public API does not give, reached by reflection
 * so that one adapter serves 4.5 and 5.x: the context a future belongs to, a request's timer, and
 * {@code reset} (which returns a boolean in 4.5 and a future in 5.x). Each degrades to nothing when
 * Vert.x does not allow it. Thread-safe.
 */
final class VertxInternals {
  /** 5.x, then 4.5. */
  private static final String[] FUTURE_INTERNAL = {
    "io.vertx.core.internal.FutureInternal", "io.vertx.core.impl.future.FutureInternal"
  };

  private final Method context;
  private final Method cancelTimeout;
  private final Method reset;

  VertxInternals() {
    this.context = futureContext();
    this.cancelTimeout = cancelTimeout();
    this.reset = resetMethod();
  }

  /** The context a request's response future completes on, or null when it cannot be read. */
  Context contextOf(Future<?> future) {
    try {
      return context == null ? null : (Context) context.invoke(future);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Stops the request's own timer (what Vert.x does on a failure, which Rebound skipped): a retry
   * is bounded by its own request's timeout, not by the first one's.
   */
  void cancelTimeout(HttpClientRequest request) {
    try {
      if (cancelTimeout != null) {
        cancelTimeout.invoke(request);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // The first request's timer then bounds the call, as it did without Rebound.
    }
  }

  /** Resets one of Rebound's own requests, so that its connection is not reused. */
  void reset(HttpClientRequest request) {
    VertxHooks.ownCall();
    try {
      reset.invoke(request, 0L);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Already reset or ended: nothing more to stop.
    } finally {
      VertxHooks.ownCallDone();
    }
  }

  private static Method futureContext() {
    ClassLoader loader = Future.class.getClassLoader();
    for (String name : FUTURE_INTERNAL) {
      try {
        return Class.forName(name, false, loader).getMethod("context");
      } catch (ReflectiveOperationException | LinkageError e) {
        // The other line's name.
      }
    }
    return null;
  }

  private static Method cancelTimeout() {
    try {
      Method m =
          Class.forName(
                  "io.vertx.core.http.impl.HttpClientRequestBase",
                  false,
                  HttpClientRequest.class.getClassLoader())
              .getDeclaredMethod("cancelTimeout");
      m.setAccessible(true);
      return m;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static Method resetMethod() {
    try {
      return HttpClientRequest.class.getMethod("reset", long.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("HttpClientRequest without reset(long)", e);
    }
  }
}
