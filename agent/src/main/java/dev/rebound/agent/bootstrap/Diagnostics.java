package dev.rebound.agent.bootstrap;

import dev.rebound.agent.config.LogLevel;
import java.io.PrintStream;

/**
 * The only writer of Rebound's own {@code rebound: } lines on stderr (SPEC §1 {@code rebound.log}).
 * Never touches the application's logging framework. Thread-safe.
 */
public final class Diagnostics {
  private static volatile LogLevel level = LogLevel.INFO;
  private static volatile PrintStream err = System.err;

  private Diagnostics() {}

  public static void setLevel(LogLevel newLevel) {
    level = newLevel;
  }

  /** A line every user should see (configuration problems, start-up failures). */
  public static void always(String message) {
    err.println(prefixed(message));
  }

  public static void info(String message) {
    if (level != LogLevel.OFF) {
      err.println(prefixed(message));
    }
  }

  public static void debug(String message) {
    if (level == LogLevel.DEBUG) {
      err.println(prefixed(message));
    }
  }

  public static boolean isDebug() {
    return level == LogLevel.DEBUG;
  }

  private static String prefixed(String message) {
    return message.startsWith("rebound: ") ? message : "rebound: " + message;
  }

  /** For tests: where lines go. */
  static void redirect(PrintStream stream) {
    err = stream;
  }
}
