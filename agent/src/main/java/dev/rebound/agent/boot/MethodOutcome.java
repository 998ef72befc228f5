package dev.rebound.agent.boot;

/**
 * What a replaced method of a platform class returns or throws, handed from Rebound to the advice
 * inlined in that method. On the boot class path, so that code in {@code java.net.http} can link to
 * it; uses {@code java.base} types only. Immutable.
 */
public final class MethodOutcome {
  private final Object value;
  private final Throwable error;

  private MethodOutcome(Object value, Throwable error) {
    this.value = value;
    this.error = error;
  }

  public static MethodOutcome returning(Object value) {
    return new MethodOutcome(value, null);
  }

  public static MethodOutcome throwing(Throwable error) {
    return new MethodOutcome(null, error);
  }

  /** The value to return, when {@link #error()} is null. */
  public Object value() {
    return value;
  }

  /** The exception to throw, or null. */
  public Throwable error() {
    return error;
  }
}
