package dev.rebound.agent.engine;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a failed future really failed with. Stateless. */
public final class Failures {
  private Failures() {}

  /**
   * The cause inside the {@link CompletionException}s and {@link ExecutionException}s around it.
   */
  public static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
