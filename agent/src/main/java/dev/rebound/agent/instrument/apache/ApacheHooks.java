package dev.rebound.agent.instrument.apache;

import dev.rebound.agent.hook.Gate;
import dev.rebound.agent.hook.HookHandler;
import dev.rebound.agent.hook.HookRow;

/**
 * The handlers of every Apache HttpClient hook row ({@link dev.rebound.agent.hook.HookTable}), one
 * per shape of call, and the hook of each family they hand calls to. Thread-safe.
 */
public final class ApacheHooks {
  public static final ApacheHook<ClassicEntry> APACHE4 =
      new ApacheHook<>(
          "apache4",
          ClassicEntry.class,
          "dev.rebound.agent.instrument.apache4.adapter.Apache4Adapter");
  public static final ApacheHook<ClassicEntry> APACHE5 =
      new ApacheHook<>(
          "apache5",
          ClassicEntry.class,
          "dev.rebound.agent.instrument.apache5.adapter.Apache5Adapter");
  public static final ApacheHook<AsyncEntry> APACHE5_ASYNC =
      new ApacheHook<>(
          "apache5-async",
          AsyncEntry.class,
          "dev.rebound.agent.instrument.apache5async.adapter.Apache5AsyncAdapter");

  private ApacheHooks() {}

  /** A classic client's {@code doExecute(target, request, context)}, 4.5 or 5 by its row. */
  public static final class DoExecute implements HookHandler {
    private final ApacheHook<ClassicEntry> hook;

    public DoExecute(HookRow row) {
      this.hook = row.client().equals("apache4") ? APACHE4 : APACHE5;
    }

    @Override
    public Object around(Object client, Object[] args) {
      return ReplacedCall.answerOf(
          hook.call(client.getClass().getClassLoader(), new Execute<>(client, args)));
    }
  }

  /**
   * A {@code doExecute} handed to its adapter. A class, not a lambda: a lambda is spun into a class
   * when first run, which costs more on the first call than loading one.
   */
  private static final class Execute<E extends ApacheEntry<R>, R>
      implements ApacheHook.EntryCall<E, R> {
    private final Object client;
    private final Object[] args;

    Execute(Object client, Object[] args) {
      this.client = client;
      this.args = args;
    }

    @Override
    public R apply(E entry) {
      return entry.execute(client, args);
    }
  }

  /** HttpClient 5 async's six-argument {@code doExecute}: the application's future, or null. */
  public static final class AsyncDoExecute implements HookHandler {
    @Override
    public Object around(Object client, Object[] a) {
      return APACHE5_ASYNC.call(client.getClass().getClassLoader(), new Execute<>(client, a));
    }
  }

  /**
   * A classic client's retry exec (HttpClient 5's {@code HttpRequestRetryExec}, 4.5's {@code
   * ServiceUnavailableRetryExec}), which asks the client's retry strategy, the default one (429 and
   * 503) or any of the application's: for one of Rebound's attempts, running on this thread, the
   * request goes straight to the exec it wraps, Rebound being the one retry loop (SPEC §2).
   */
  public static final class ClassicRetryExec implements HookHandler {
    private final ApacheHook<ClassicEntry> hook;

    public ClassicRetryExec(HookRow row) {
      this.hook = row.client().equals("apache4") ? APACHE4 : APACHE5;
    }

    @Override
    public Object around(Object exec, Object[] args) throws ReflectiveOperationException {
      if (!hook.inAttempt()) {
        return null;
      }
      ClassicEntry entry = hook.entry(exec.getClass().getClassLoader());
      try {
        return entry.passThroughRetry(exec, args);
      } catch (Exception e) {
        // The wrapped exec's own failure, as the retry exec would have thrown it.
        return Gate.thrown(e);
      }
    }
  }

  /**
   * HttpClient 5 async's retry exec ({@code AsyncHttpRequestRetryExec}): for a managed attempt,
   * straight down the chain.
   */
  public static final class AsyncRetryExec implements HookHandler {
    @Override
    public Object around(Object exec, Object[] args) throws Exception {
      AsyncEntry entry = APACHE5_ASYNC.entry(exec.getClass().getClassLoader());
      return entry.passThroughRetry(args) ? Boolean.TRUE : null;
    }
  }
}
