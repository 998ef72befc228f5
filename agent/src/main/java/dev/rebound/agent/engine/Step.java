package dev.rebound.agent.engine;

/** The next thing a driver does for a call: send another attempt (maybe after a wait), or finish. */
sealed interface Step<X extends Exchange> {

  record Send<X extends Exchange>(AttemptRequest request, long waitNanos) implements Step<X> {}

  record Finish<X extends Exchange>(CallResult<X> result) implements Step<X> {}
}
