package dev.rebound.agent.engine;

/**
 * The retry budget of one host (SPEC §4): in any 10 s window, follow-up requests (retries, the
 * provider-avoiding retry, fallbacks) may number at most {@code ratio} × the first attempts in that
 * window plus {@code minPerSecond} × 10. Counted in ten one-second buckets. Thread-safe
 * (synchronized, no I/O under the lock).
 */
final class RetryBudget {
  private static final int BUCKETS = 10;
  private static final long BUCKET_NANOS = 1_000_000_000L;

  private final double ratio;
  private final int minPerSecond;
  private final long[] firsts = new long[BUCKETS];
  private final long[] followUps = new long[BUCKETS];
  private final long[] bucketSecond = new long[BUCKETS];

  RetryBudget(double ratio, int minPerSecond) {
    this.ratio = ratio;
    this.minPerSecond = minPerSecond;
  }

  synchronized void recordFirst(long now) {
    firsts[bucket(now)]++;
  }

  /** Counts a follow-up if the budget allows it; false means it must not be sent. */
  synchronized boolean tryFollowUp(long now) {
    int current = bucket(now);
    long second = now / BUCKET_NANOS;
    long firstSum = 0;
    long followUpSum = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (second - bucketSecond[i] < BUCKETS) {
        firstSum += firsts[i];
        followUpSum += followUps[i];
      }
    }
    if (followUpSum + 1 > ratio * firstSum + (double) minPerSecond * BUCKETS) {
      return false;
    }
    followUps[current]++;
    return true;
  }

  /** The bucket of {@code now}, cleared first when it last held an older second. */
  private int bucket(long now) {
    long second = now / BUCKET_NANOS;
    int i = (int) Math.floorMod(second, (long) BUCKETS);
    if (bucketSecond[i] != second) {
      bucketSecond[i] = second;
      firsts[i] = 0;
      followUps[i] = 0;
    }
    return i;
  }
}
