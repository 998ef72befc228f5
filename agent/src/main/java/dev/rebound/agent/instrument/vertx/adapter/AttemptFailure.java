package dev.rebound.agent.instrument.vertx.adapter;

import java.io.IOException;

/**
 * A Vert.x attempt's failure (a {@code HttpClosedException}, a {@code
 * NoStackTraceTimeoutException}, a connect failure) as the engine classifies it: by its cause,
 * which the application gets back as Vert.x gave it when it is the call's last failure.
 */
final class AttemptFailure extends IOException {
  private static final long serialVersionUID = 1L;

  AttemptFailure(Throwable cause) {
    super(String.valueOf(cause), cause);
  }

  /** What the application sees for {@code failure}: Vert.x's own exception where there is one. */
  static Throwable original(Throwable failure) {
    return failure instanceof AttemptFailure && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
