package dev.rebound.agent.instrument.vertx;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.hook.HookHandler;
import dev.rebound.agent.instrument.Adapters;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.OwnCalls;

/**
 * The handlers of the Vert.x core {@code HttpClient} hook rows ({@link
 * dev.rebound.agent.hook.HookTable}): where a request is made (its client and options, to make it
 * again), its body written, its response head received, its failure and its reset. Each hands the
 * objects to the adapter defined next to the application's Vert.x; each is a fail-open boundary
 * that counts what went wrong as an agent error. Thread-safe.
 */
public final class VertxHooks {
  private static final Adapters<VertxEntry> ADAPTERS =
      new Adapters<>(VertxEntry.class, "dev.rebound.agent.instrument.vertx.adapter.VertxAdapter");

  /**
   * Rebound itself calling the client (its own attempts, the original request's body once managed,
   * a reset of its own): the hooks let those calls through.
   */
  private static final OwnCalls OWN = new OwnCalls();

  private VertxHooks() {}

  /** Rebound calls the client itself from here until {@link #ownCallDone()}: let it through. */
  public static void ownCall() {
    OWN.enter();
  }

  public static void ownCallDone() {
    OWN.exit();
  }

  /** The adapter, or null: no agent, or one of Rebound's own calls ({@link #ownCall()}). */
  private static VertxEntry entry(Object self) throws ReflectiveOperationException {
    return OWN.active() ? null : watching(self);
  }

  /**
   * The adapter, or null when there is no agent; for the hooks that must hear of a failure even
   * while Rebound writes on this thread.
   */
  private static VertxEntry watching(Object self) throws ReflectiveOperationException {
    return AgentRuntime.current() == null
        ? null
        : ADAPTERS.forLoader(self.getClass().getClassLoader());
  }

  private static void failed(String where, Throwable t) {
    AgentRuntime runtime = AgentRuntime.current();
    if (runtime != null) {
      runtime.agentError();
    }
    Diagnostics.debug("vertx " + where + " failed open: " + t);
  }

  /** {@code HttpClientImpl.request(RequestOptions)} (4.5 and 5.x). */
  public static final class Request implements HookHandler {
    @Override
    public Object around(Object client, Object[] args) {
      try {
        VertxEntry entry = entry(client);
        return entry == null ? null : entry.request(client, args[0]);
      } catch (Throwable t) {
        failed("request", t);
        return null;
      }
    }
  }

  /** Vert.x 4.5's {@code HttpClientImpl.doRequest(RequestOptions, PromiseInternal)}. */
  public static final class DoRequest implements HookHandler {
    @Override
    public Object around(Object client, Object[] args) {
      try {
        VertxEntry entry = entry(client);
        return entry != null && entry.doRequest(client, args[0], args[1]) ? Boolean.TRUE : null;
      } catch (Throwable t) {
        failed("request", t);
        return null;
      }
    }
  }

  /**
   * 5.x's {@code HttpClientRequestImpl.write(ByteBuf, boolean)} (5.0) or {@code write(Buffer,
   * boolean)} (5.1 and later), which return a future.
   */
  public static final class WriteFuture implements HookHandler {
    @Override
    public Object around(Object request, Object[] args) {
      try {
        VertxEntry entry = entry(request);
        return entry == null ? null : entry.write(request, args[0], (Boolean) args[1], null, true);
      } catch (Throwable t) {
        failed("write", t);
        return null;
      }
    }
  }

  /** 4.5's {@code HttpClientRequestImpl.write(ByteBuf, boolean, Handler)}. */
  public static final class WriteHandler implements HookHandler {
    @Override
    public Object around(Object request, Object[] args) {
      try {
        VertxEntry entry = entry(request);
        return entry == null
            ? null
            : entry.write(request, args[0], (Boolean) args[1], args[2], false);
      } catch (Throwable t) {
        failed("write", t);
        return null;
      }
    }
  }

  /**
   * {@code HttpClientRequestImpl.handleResponse(Promise, HttpClientResponse, long)}: the head of a
   * response, after Vert.x cancelled the request's timeout, before it completes the promise.
   */
  public static final class Response implements HookHandler {
    @Override
    public Object around(Object request, Object[] args) {
      try {
        VertxEntry entry = watching(request);
        return entry != null && entry.response(request, args[1]) ? Boolean.TRUE : null;
      } catch (Throwable t) {
        failed("response", t);
        return null;
      }
    }
  }

  /** {@code HttpClientRequestBase.fail(Throwable)}. */
  public static final class Fail implements HookHandler {
    @Override
    public Object around(Object request, Object[] args) {
      try {
        VertxEntry entry = watching(request);
        return entry != null && entry.fail(request, (Throwable) args[0]) ? Boolean.TRUE : null;
      } catch (Throwable t) {
        failed("fail", t);
        return null;
      }
    }
  }

  /**
   * Up to 5.0, {@code HttpClientRequestBase.reset(Throwable)}, where every reset and timeout of the
   * request ends: told, and always runs.
   */
  public static final class Reset implements HookHandler {
    @Override
    public Object around(Object request, Object[] args) {
      try {
        VertxEntry entry = watching(request);
        if (entry != null) {
          entry.reset(request, (Throwable) args[0]);
        }
      } catch (Throwable t) {
        failed("reset", t);
      }
      return null;
    }
  }

  /**
   * From 5.1, {@code HttpClientRequestBase.reset(long, Throwable)} (the application's resets) and
   * {@code cancel(Throwable)} (its {@code cancel()} and the request's timeout), which fail the
   * request with a {@code StreamResetException} of that code and cause: told, and always run.
   */
  public static final class ResetWithCode implements HookHandler {
    /** {@code cancel} resets with CANCEL (8), as Vert.x does on HTTP/1.1 and 2. */
    private static final long CANCEL = 8;

    @Override
    public Object around(Object request, Object[] args) {
      try {
        VertxEntry entry = watching(request);
        if (entry != null) {
          long code = args.length == 2 ? (Long) args[0] : CANCEL;
          entry.reset(request, code, (Throwable) args[args.length - 1]);
        }
      } catch (Throwable t) {
        failed("reset", t);
      }
      return null;
    }
  }
}
