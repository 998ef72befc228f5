package dev.rebound.agent.engine;

import dev.rebound.api.StreamError;
import java.io.IOException;
import java.util.Map;

/** What the adapter hands to the application once the engine is done with a call. */
public sealed interface CallResult<X extends Exchange> {

  /**
   * Deliver this attempt's response with these headers added. For a released stream the call record
   * waits for {@link #streamEnded}, so that an error arriving later can be recorded on it.
   */
  record Deliver<X extends Exchange>(
      X exchange, Map<String, String> headers, CallCompletion completion) implements CallResult<X> {

    /** Tells the engine the delivered stream ended; {@code error} is null when it ended cleanly. */
    public void streamEnded(StreamError error) {
      completion.complete(error);
    }
  }

  /** Throw the last attempt's exception: no response arrived. */
  record Fail<X extends Exchange>(IOException failure) implements CallResult<X> {}

  /** Rebound's own response, sent without any attempt (circuit open, queue timeout). */
  record Synthetic<X extends Exchange>(int status, byte[] body, Map<String, String> headers)
      implements CallResult<X> {}
}
