package dev.rebound.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The measured application of the steady-state part: one JVM with Rebound, two clients of one kind,
 * calling the loopback server by the same host ({@code 127.0.0.1}), one on the port Rebound manages
 * and one on a port it does not. After a long warm-up of both, blocks of calls alternate between
 * them, so that both paths meet the same JIT state, heap and machine load, and the difference per
 * block is the cost of managing a call. Arguments: {@code client managedUrl plainUrl warmupMs
 * blocks callsPerBlock}. Prints one line {@code RESULT managed=<calls> ...} with, per block, the
 * CPU µs per call of every live thread and of the calling thread, and the bytes every live thread
 * allocated per call (a figure the machine's load hardly moves), for each path.
 */
public final class SteadyProbe {
  private SteadyProbe() {}

  public static void main(String[] args) throws Exception {
    String client = args[0];
    long warmupNanos = Long.parseLong(args[3]) * 1_000_000L;
    int blocks = Integer.parseInt(args[4]);
    int calls = Integer.parseInt(args[5]);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long managedCalls = 0;
    try (ProbeClient managed = ProbeClient.create(client, args[1]);
        ProbeClient plain = ProbeClient.create(client, args[2])) {
      long end = System.nanoTime() + warmupNanos;
      while (System.nanoTime() < end) {
        managedCalls += run(managed, 50);
        run(plain, 50);
      }
      StringJoiner managedAll = new StringJoiner(",");
      StringJoiner plainAll = new StringJoiner(",");
      StringJoiner managedCaller = new StringJoiner(",");
      StringJoiner plainCaller = new StringJoiner(",");
      StringJoiner managedAlloc = new StringJoiner(",");
      StringJoiner plainAlloc = new StringJoiner(",");
      for (int b = 0; b < blocks; b++) {
        // Which path goes first alternates, so that neither always follows the other.
        for (int k = 0; k < 2; k++) {
          boolean isManaged = (b + k) % 2 == 0;
          long all = OverheadProbe.processCpuNanos();
          long caller = threads.getCurrentThreadCpuTime();
          long allocated = OverheadProbe.allocatedBytes();
          run(isManaged ? managed : plain, calls);
          String perCallAlloc = Long.toString((OverheadProbe.allocatedBytes() - allocated) / calls);
          String perCallAll = us(OverheadProbe.processCpuNanos() - all, calls);
          String perCallCaller = us(threads.getCurrentThreadCpuTime() - caller, calls);
          (isManaged ? managedAll : plainAll).add(perCallAll);
          (isManaged ? managedCaller : plainCaller).add(perCallCaller);
          (isManaged ? managedAlloc : plainAlloc).add(perCallAlloc);
        }
        managedCalls += calls;
      }
      System.out.println(
          "RESULT managed="
              + managedCalls
              + " managed_all="
              + managedAll
              + " plain_all="
              + plainAll
              + " managed_caller="
              + managedCaller
              + " plain_caller="
              + plainCaller
              + " managed_alloc="
              + managedAlloc
              + " plain_alloc="
              + plainAlloc);
    }
    System.exit(0);
  }

  /** Makes {@code n} calls; a failed one ends the run, since its cost is not a call's. */
  private static int run(ProbeClient client, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      int status = client.post(OverheadProbe.REQUEST);
      if (status != 200) {
        throw new IllegalStateException("status " + status);
      }
    }
    return n;
  }

  private static String us(long nanos, int calls) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1000.0 / calls);
  }
}
