package dev.rebound.agent.instrument.reactornetty.adapter;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.engine.CallEngine;
import dev.rebound.agent.engine.EarlyFailures;
import dev.rebound.agent.instrument.AgentRuntime;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import reactor.netty.http.client.HttpClient;

/**
 * A managed call's first requests that failed before their body was asked for: a refused or
 * timed-out connect, a failed TLS handshake. Nothing of the request left and the application's body
 * function has not run, so the first request can simply go again; whether and when is the engine's
 * decision ({@link EarlyFailures}), the wait runs on Rebound's scheduler. Confined to one call: its
 * steps come one after the other, on whichever thread.
 */
final class ConnectRetries {
  private final Plan plan;
  private final AgentRuntime runtime;
  private final long startNanos = System.nanoTime();
  private volatile EarlyFailures failures;
  private volatile Future<?> wait;

  ConnectRetries(Plan plan) {
    this.plan = plan;
    this.runtime = plan.runtime();
  }

  /**
   * The first request failed before its body was asked for: true when it goes again ({@code again}
   * runs after the engine's wait), false when the application gets {@code error}.
   */
  boolean retry(Throwable error, Runnable again) {
    if (!(error instanceof IOException io)) {
      // Not a connection's failure (an exception of the application's own callbacks, say).
      return false;
    }
    try {
      CallEngine engine = runtime.engine();
      EarlyFailures f = failures();
      long waitNanos = f.onFailure(io);
      if (waitNanos < 0) {
        return false;
      }
      EarlyFailures attempts = f;
      wait =
          engine
              .scheduler()
              .schedule(
                  () -> {
                    attempts.sending();
                    again.run();
                  },
                  waitNanos,
                  TimeUnit.NANOSECONDS);
      return true;
    } catch (Throwable t) {
      runtime.agentError();
      Diagnostics.debug("reactor-netty connect retry failed open: " + t);
      return false;
    }
  }

  /** The failed attempts so far, which the engine's run of the call takes over; or null. */
  EarlyFailures failed() {
    return failures;
  }

  /** Made once: a cancel on the application's thread can race a failure on the connection's. */
  private synchronized EarlyFailures failures() {
    EarlyFailures f = failures;
    if (f == null) {
      Target t = plan.target();
      HttpHeaders known = ((HttpClient) plan.sender()).configuration().headers();
      f =
          runtime
              .engine()
              .failedBeforeBody(
                  ReactorCall.CLIENT,
                  t.hostKey(),
                  t.path(),
                  known::get,
                  System.nanoTime() - startNanos);
      failures = f;
    }
    return f;
  }

  /**
   * The application disposed its subscription: a pending wait stops, and the connects that failed
   * are recorded as a failed call. {@code connecting}: no connect is up yet, so the call is
   * recorded even when none has failed (it was disposed during its first), as a call cancelled
   * during any attempt is.
   */
  void cancel(boolean connecting) {
    Future<?> w = wait;
    if (w != null) {
      w.cancel(false);
    }
    try {
      EarlyFailures f = connecting ? failures() : failures;
      if (f != null) {
        f.stop();
      }
    } catch (Throwable t) {
      runtime.agentError();
      Diagnostics.debug("reactor-netty cancel failed open: " + t);
    }
  }
}
