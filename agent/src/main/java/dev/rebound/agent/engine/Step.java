package dev.rebound.agent.engine;

import java.util.concurrent.CompletableFuture;

/**
 * The next thing a driver does for a call: send another attempt (maybe after a wait), wait for a
 * circuit, or finish.
 */
sealed interface Step<X extends Exchange> {

  record Send<X extends Exchange>(AttemptRequest request, long waitNanos) implements Step<X> {}

  /**
   * Every model of the chain is open: wait until {@code wake} completes or {@code timeoutNanos}
   * pass, whichever is first, then ask the session to resume.
   */
  record Wait<X extends Exchange>(CompletableFuture<?> wake, long timeoutNanos)
      implements Step<X> {}

  record Finish<X extends Exchange>(CallResult<X> result) implements Step<X> {}
}
