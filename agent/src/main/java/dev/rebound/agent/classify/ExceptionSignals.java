package dev.rebound.agent.classify;

import java.util.Locale;
import java.util.Set;

/**
 * States whether an attempt's exception is a timeout, by class name, so that the classify package
 * never links against an HTTP client (house style rule 1). Stateless and thread-safe.
 */
final class ExceptionSignals {

  /**
   * SPEC §3 TIMEOUT: the timeout exceptions of the JDK and of the supported clients. Subclasses
   * match through the superclass walk (HttpConnectTimeoutException extends HttpTimeoutException).
   */
  private static final Set<String> TIMEOUT_CLASSES =
      Set.of(
          "java.net.SocketTimeoutException",
          "java.net.http.HttpTimeoutException",
          "java.util.concurrent.TimeoutException",
          "java.nio.channels.InterruptedByTimeoutException",
          "org.apache.http.conn.ConnectTimeoutException",
          "org.apache.http.conn.ConnectionPoolTimeoutException",
          "org.apache.hc.client5.http.ConnectTimeoutException",
          "org.apache.hc.core5.http.ConnectionRequestTimeoutException",
          "org.apache.hc.core5.util.DeadlineTimeoutException");

  /** OkHttp's AsyncTimeout throws a bare InterruptedIOException("timeout") on call timeouts. */
  private static final String INTERRUPTED_IO = "java.io.InterruptedIOException";

  /** Wrappers (CompletionException, ExecutionException, UncheckedIOException) are unwrapped. */
  private static final int MAX_CAUSES = 8;

  private ExceptionSignals() {}

  static boolean isTimeout(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_CAUSES; depth++) {
      if (isTimeoutItself(t)) {
        return true;
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return false;
  }

  private static boolean isTimeoutItself(Throwable t) {
    for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
      String name = c.getName();
      if (TIMEOUT_CLASSES.contains(name) || name.endsWith("TimeoutException")) {
        return true;
      }
      if (INTERRUPTED_IO.equals(name) && mentionsTimeout(t.getMessage())) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentionsTimeout(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("timeout") || m.contains("timed out");
  }
}
