package dev.rebound.agent.engine;

import java.io.IOException;

/**
 * Sends attempts for a blocking client, on the caller's thread. One per call; confined to the
 * calling thread.
 */
public interface Transport<X extends Exchange> {
  /** Sends one attempt and returns its response head; an IOException is a failed attempt. */
  X send(AttemptRequest request) throws IOException;

  /** True once the application cancelled the call: nothing more is sent and no wait starts. */
  default boolean isCanceled() {
    return false;
  }
}
