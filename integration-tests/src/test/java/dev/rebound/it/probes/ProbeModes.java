package dev.rebound.it.probes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The modes the Apache probes run the same way whatever the library: the request body each mode
 * sends, a call cancelled during Rebound's wait, and the thousand calls of the pool test. JDK types
 * only. Stateless.
 */
final class ProbeModes {
  /** A call that answers a number (its status, its attempts), or throws. */
  @FunctionalInterface
  interface Call {
    int run() throws Exception;
  }

  /** The body of a POST, as each mode sends it. */
  enum Body {
    /** An in-memory entity, sent again as often as needed. */
    REPEATABLE,
    /** {@code oneshot}: a stream of unknown length, sent once. */
    ONE_SHOT,
    /** {@code known}: a stream of known length, sent once. */
    ONE_SHOT_OF_KNOWN_LENGTH;

    static Body of(String what) {
      return switch (what) {
        case "oneshot" -> ONE_SHOT;
        case "known" -> ONE_SHOT_OF_KNOWN_LENGTH;
        default -> REPEATABLE;
      };
    }

    InputStream stream(String body) {
      return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The length the stream declares: -1 when unknown. */
    long length(String body) {
      return this == ONE_SHOT ? -1 : body.getBytes(StandardCharsets.UTF_8).length;
    }
  }

  private ProbeModes() {}

  /**
   * {@code cancel}: runs {@code call} on another thread and stops it 300 ms in, while Rebound waits
   * to retry; prints the exception the application got and how long after the stop.
   */
  static void cancelMidWait(Call call, Runnable cancel, ProbeIo.Out out) throws Exception {
    CompletableFuture<Object> result =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return call.run();
              } catch (Exception e) {
                return e;
              }
            });
    Thread.sleep(300);
    long start = System.nanoTime();
    cancel.run();
    Object r = result.get(60, TimeUnit.SECONDS);
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (r instanceof IOException e) {
      out.error(e.getClass().getName() + " after " + ms + "ms");
    } else {
      out.error("status " + r);
    }
  }

  /**
   * {@code pool}: 1,000 calls through a pool of two connections, each answering its attempts; a
   * leaked lease would time out. Prints the leases still out, the failed calls and the attempts.
   */
  static void thousandCalls(Call attempts, IntSupplier leased, ProbeIo.Out out) throws Exception {
    int errors = 0;
    int total = 0;
    for (int i = 0; i < 1000; i++) {
      try {
        total += attempts.run();
      } catch (IOException | ExecutionException e) {
        errors++;
      }
    }
    // An async client releases a connection just after the last response completed: wait for it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (leased.getAsInt() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    out.body("leased=" + leased.getAsInt() + " errors=" + errors + " attempts=" + total);
  }
}
