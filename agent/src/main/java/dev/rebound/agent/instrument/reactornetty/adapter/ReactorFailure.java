package dev.rebound.agent.instrument.reactornetty.adapter;

import java.io.IOException;

/**
 * A Reactor Netty failure that is not an {@link IOException} ({@code ReadTimeoutException}, {@code
 * AbortedException}, ...), carried as one so that the engine classifies it as the JDK's would be
 * (by its cause); the application gets the original back.
 */
final class ReactorFailure extends IOException {
  private static final long serialVersionUID = 1L;

  private ReactorFailure(Throwable cause) {
    super(String.valueOf(cause), cause);
  }

  static IOException of(Throwable error) {
    return error instanceof IOException io ? io : new ReactorFailure(error);
  }

  /** What the application would have seen. */
  static Throwable original(Throwable error) {
    return error instanceof ReactorFailure && error.getCause() != null ? error.getCause() : error;
  }
}
