package dev.rebound.agent.instrument.jdk;

import java.io.IOException;

/**
 * Tells the JDK client's "closed" (JDK 21+: {@code sendAsync} after {@code close()} or {@code
 * shutdown()} fails with {@code IOException("closed")}, which {@code send} wraps in another) from a
 * network failure: the JDK raises that exact exception nowhere else.
 */
final class ClosedClient {
  private static final String CLOSED = "closed";

  private ClosedClient() {}

  static boolean isClosed(Throwable failure) {
    return isClosedItself(failure)
        || (failure instanceof IOException && isClosedItself(failure.getCause()));
  }

  private static boolean isClosedItself(Throwable t) {
    return t != null && t.getClass() == IOException.class && CLOSED.equals(t.getMessage());
  }
}
