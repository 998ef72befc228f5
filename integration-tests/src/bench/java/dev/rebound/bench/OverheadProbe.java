package dev.rebound.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measured application: one client, calls to the loopback server for fixed times. Arguments:
 * {@code client url warmupMs measureMs}. Prints one line {@code RESULT key=value ...}: median and
 * p99 µs per call and calls per second with one thread, calls per second with four threads, and
 * bytes allocated and CPU time used per call by every thread of this JVM (the client's own threads
 * and the agent's included; not the JIT's or the GC's). CPU time per call is the figure least
 * disturbed by other load on the machine: it counts what this JVM's threads did, not how long they
 * waited for a core.
 */
public final class OverheadProbe {
  static final String REQUEST =
      "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},"
          + "{\"role\":\"user\",\"content\":\"Say hi\"}],\"temperature\":0.2}";

  private OverheadProbe() {}

  public static void main(String[] args) throws Exception {
    String client = args[0];
    int warmupMs = Integer.parseInt(args[2]);
    int measureMs = Integer.parseInt(args[3]);
    try (ProbeClient c = ProbeClient.create(client, args[1])) {
      // Warm-up at both thread counts: JIT, connections, pool threads all exist before measuring.
      loop(c, 1, warmupMs / 2, null);
      loop(c, 4, warmupMs / 2, null);
      settle();
      long[] latencies = new long[1 << 16];
      Phase one = loop(c, 1, measureMs, latencies);
      settle();
      Phase four = loop(c, 4, measureMs, null);
      int n = (int) Math.min(one.calls, latencies.length);
      long[] sorted = Stats.sortedCopy(latencies, n);
      System.out.printf(
          java.util.Locale.ROOT,
          "RESULT median_us=%.1f p99_us=%.1f thr1=%.1f thr4=%.1f alloc=%.0f cpu_us=%.1f agent_cpu_us=%.1f calls1=%d calls4=%d errors=%d%n",
          Stats.percentile(sorted, n, 50) / 1000.0,
          Stats.percentile(sorted, n, 99) / 1000.0,
          one.perSecond(),
          four.perSecond(),
          (double) one.allocated / one.calls,
          one.cpuNanos / 1000.0 / one.calls,
          one.agentCpuNanos / 1000.0 / one.calls,
          one.calls,
          four.calls,
          one.errors + four.errors);
    }
    System.exit(0);
  }

  /** What one fixed-time phase did. */
  record Phase(
      long calls, long errors, long nanos, long allocated, long cpuNanos, long agentCpuNanos) {
    double perSecond() {
      return calls * 1e9 / nanos;
    }
  }

  /** Calls from {@code threads} threads for {@code millis}; the first thread records latencies. */
  private static Phase loop(ProbeClient c, int threads, int millis, long[] latencies)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong calls = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    CountDownLatch done = new CountDownLatch(threads);
    // The callers stay alive until their allocation is read: a dead thread's count is gone.
    CountDownLatch release = new CountDownLatch(1);
    long allocBefore = allocatedBytes();
    long cpuBefore = processCpuNanos();
    long agentCpuBefore = agentCpuNanos();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      long[] record = t == 0 ? latencies : null;
      Thread thread =
          new Thread(
              () -> {
                int i = 0;
                while (!stop.get()) {
                  long begin = System.nanoTime();
                  try {
                    int status = c.post(REQUEST);
                    if (status != 200 && errors.getAndIncrement() == 0) {
                      System.err.println("first failed call: status " + status);
                    }
                  } catch (Exception e) {
                    // The first failure is named, so that a failed run can be diagnosed.
                    if (errors.getAndIncrement() == 0) {
                      System.err.println("first failed call: " + e);
                    }
                  }
                  if (record != null && i < record.length) {
                    record[i] = System.nanoTime() - begin;
                  }
                  i++;
                  calls.incrementAndGet();
                }
                done.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "caller-" + t);
      thread.start();
    }
    Thread.sleep(millis);
    stop.set(true);
    done.await();
    long nanos = System.nanoTime() - start;
    long allocated = allocatedBytes() - allocBefore;
    long cpu = processCpuNanos() - cpuBefore;
    long agentCpu = agentCpuNanos() - agentCpuBefore;
    release.countDown();
    return new Phase(calls.get(), errors.get(), nanos, allocated, cpu, agentCpu);
  }

  /**
   * CPU time of every live Java thread (the callers, the client's and the agent's threads): the JIT
   * compiler and GC threads are not among them, so a compilation late in warm-up does not land on
   * one mode's figure.
   */
  static long processCpuNanos() {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (long id : threads.getAllThreadIds()) {
      long t = threads.getThreadCpuTime(id);
      if (t > 0) {
        sum += t;
      }
    }
    return sum;
  }

  /**
   * CPU time of Rebound's own threads (the metrics writer, the meters): part of the figure above.
   */
  private static long agentCpuNanos() {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("rebound-")) {
        sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return sum;
  }

  /** Every byte allocated so far by the live threads of this JVM. */
  static long allocatedBytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = threads.getAllThreadIds();
    return Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum();
  }

  /** Lets the previous phase's garbage go, so that one phase's GC does not land in the next. */
  private static void settle() throws InterruptedException {
    System.gc();
    Thread.sleep(100);
  }
}
