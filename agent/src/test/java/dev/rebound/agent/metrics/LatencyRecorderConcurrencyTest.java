package dev.rebound.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Application threads record while the writer thread snapshots, as in a busy JVM. The packed
 * recorder of HdrHistogram 2.2.2 livelocks here within seconds; the recorders Rebound uses must
 * not.
 */
class LatencyRecorderConcurrencyTest {

  @Test
  // In a thread of its own: a livelocked snapshot ignores interrupts, and must fail the test, not
  // hang the build.
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void recordingWhileSnapshottingNeverHangs() throws InterruptedException {
    for (int round = 0; round < 40; round++) {
      // The per-model recorder's settings (ModelStats).
      LatencyRecorder recorder = new LatencyRecorder(2, false);
      AtomicBoolean stop = new AtomicBoolean();
      Thread[] writers = new Thread[4];
      for (int t = 0; t < writers.length; t++) {
        SplittableRandom random = new SplittableRandom(round * 31L + t);
        writers[t] =
            new Thread(
                () -> {
                  while (!stop.get()) {
                    // Mostly sub-millisecond calls, now and then a very long one: the histogram
                    // resizes.
                    double millis =
                        random.nextInt(1000) == 0
                            ? random.nextDouble(1, 86_400_000)
                            : random.nextDouble(0.05, 0.5);
                    recorder.record(millis);
                  }
                });
        writers[t].setDaemon(true);
        writers[t].start();
      }
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
      while (System.nanoTime() < end) {
        recorder.snapshot();
        Thread.sleep(1);
      }
      stop.set(true);
      for (Thread w : writers) {
        w.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(w.isAlive())
            .as("a recording thread still spinning in round %d", round)
            .isFalse();
      }
    }
  }
}
