package dev.rebound.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The smallest application that makes one LLM call: create a client, POST once, read the answer. It
 * prints one line, {@code DONE <status> main=<µs> call=<µs> cpu=<ns>}: the wall-clock times (µs
 * since the epoch) at which {@code main()} was entered and the call was done, and the CPU time of
 * the whole process (every thread: JIT, GC, agents) just before it exits. The harness, which noted
 * the wall clock when it launched this JVM, turns them into durations. Arguments: {@code client
 * url}.
 */
public final class StartupProbe {
  private StartupProbe() {}

  public static void main(String[] args) throws Exception {
    long mainAt = micros(Instant.now());
    int status;
    long callAt;
    try (ProbeClient c = ProbeClient.create(args[0], args[1])) {
      status = c.post(OverheadProbe.REQUEST);
      callAt = micros(Instant.now());
    }
    Optional<Duration> cpu = ProcessHandle.current().info().totalCpuDuration();
    // No lambda, and a StringBuilder rather than "+": string concatenation would bootstrap an
    // invokedynamic call site (dozens of classes) inside the measured run, before it exits.
    StringBuilder line =
        new StringBuilder("DONE ")
            .append(status)
            .append(" main=")
            .append(mainAt)
            .append(" call=")
            .append(callAt)
            .append(" cpu=")
            .append(cpu.isPresent() ? cpu.get().toNanos() : -1);
    System.out.println(line);
    System.out.flush();
    System.exit(0);
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }
}
