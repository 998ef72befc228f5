package dev.rebound.agent.bootstrap;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;

/**
 * The one thread on which asynchronous calls wait and queued calls time out: started on first use,
 * so that an application that never needs it never has it. A daemon: it never keeps the JVM up.
 * Thread-safe.
 */
final class DaemonScheduler implements Supplier<ScheduledExecutorService> {
  private volatile ScheduledExecutorService scheduler;

  @Override
  public ScheduledExecutorService get() {
    ScheduledExecutorService s = scheduler;
    if (s == null) {
      synchronized (this) {
        s = scheduler;
        if (s == null) {
          ScheduledThreadPoolExecutor executor =
              new ScheduledThreadPoolExecutor(
                  1,
                  r -> {
                    Thread t = new Thread(r, "rebound-scheduler");
                    t.setDaemon(true);
                    return t;
                  });
          // A cancelled wait must not keep its call (and its response) reachable until it was due.
          executor.setRemoveOnCancelPolicy(true);
          scheduler = s = executor;
        }
      }
    }
    return s;
  }
}
