package dev.rebound.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The application of part 4, knowing nothing of Rebound: calls arrive at a fixed rate whether or
 * not earlier ones have finished (an open loop, as users arrive), each on a thread of its own.
 * Arguments: {@code sdk|backoff baseUrl model callsPerSecond windowSeconds downSeconds}. Phase
 * {@code window-} lasts {@code windowSeconds}, phase {@code down-} {@code downSeconds}; each phase
 * ends when its last call has. Prints {@code CALL <id> <1|0 for success> <µs> <start, epoch ms>}
 * for each call; the call id travels in {@code x-bench-call}.
 */
public final class OutageProbe {
  private OutageProbe() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[1];
    String model = args[2];
    FaultProbe.App app =
        args[0].equals("sdk") ? FaultProbe.sdk(baseUrl, model) : FaultProbe.backoff(baseUrl, model);
    double rate = Double.parseDouble(args[3]);
    phase(app, "window-", rate, Double.parseDouble(args[4]));
    phase(app, "down-", rate, Double.parseDouble(args[5]));
    System.exit(0);
  }

  private static void phase(FaultProbe.App app, String prefix, double rate, double seconds)
      throws InterruptedException {
    ExecutorService pool = Executors.newCachedThreadPool();
    long periodNanos = (long) (1e9 / rate);
    int calls = (int) Math.round(rate * seconds);
    long t0 = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      long due = t0 + i * periodNanos;
      long early;
      while ((early = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(early);
      }
      String id = prefix + i;
      pool.execute(
          () -> {
            long startMillis = System.currentTimeMillis();
            long start = System.nanoTime();
            boolean ok;
            try {
              ok = app.call(id);
            } catch (Exception e) {
              ok = false;
            }
            long micros = (System.nanoTime() - start) / 1000;
            synchronized (System.out) {
              System.out.println(
                  "CALL " + id + " " + (ok ? 1 : 0) + " " + micros + " " + startMillis);
            }
          });
    }
    pool.shutdown();
    if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("calls still running after 5 minutes");
    }
  }
}
