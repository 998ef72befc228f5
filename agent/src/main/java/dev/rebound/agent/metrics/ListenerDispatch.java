package dev.rebound.agent.metrics;

import dev.rebound.api.CallRecord;
import dev.rebound.api.ReboundListener;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the application's {@link ReboundListener}s and tells them of each call (SPEC §5). This is
 * the only place where the writer thread runs application code. Confined to the writer thread.
 */
final class ListenerDispatch {

  /**
   * How many providers loading tries. A broken services file can make the iterator fail again and
   * again; without a bound, loading would spin forever on the writer thread.
   */
  private static final int MAX_PROVIDERS = 64;

  private final ClassLoader loader;
  private final Runnable onError;
  private List<ReboundListener> listeners;

  /**
   * @param loader where the application's services files are, or null for the system class loader
   * @param onError counts an agent error: a listener that fails to load or throws
   */
  ListenerDispatch(ClassLoader loader, Runnable onError) {
    this.loader = loader;
    this.onError = onError;
  }

  /** Whether the application declares any listener: a resource lookup, no application code run. */
  static boolean anyDeclared(ClassLoader loader) {
    ClassLoader l = loader == null ? ClassLoader.getSystemClassLoader() : loader;
    return l.getResource("META-INF/services/" + ReboundListener.class.getName()) != null;
  }

  /** Tells every listener; the first call loads them, which runs application code. */
  void dispatch(CallRecord record) {
    if (listeners == null) {
      // Loaded here, not at start-up: instantiating providers runs application static
      // initializers, which must not run inside premain or on an application thread.
      listeners = load();
    }
    for (ReboundListener listener : listeners) {
      try {
        listener.onCall(record);
      } catch (RuntimeException | LinkageError e) {
        // ReboundListener's contract: counted as an agent error, otherwise ignored.
        onError.run();
      }
    }
  }

  private List<ReboundListener> load() {
    List<ReboundListener> found = new ArrayList<>();
    try {
      Iterator<ReboundListener> providers =
          ServiceLoader.load(ReboundListener.class, loader).iterator();
      for (int i = 0; i < MAX_PROVIDERS; i++) {
        try {
          if (!providers.hasNext()) {
            break;
          }
          found.add(providers.next());
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
          // One bad provider (missing class, failing constructor) must not hide the others.
          onError.run();
        }
      }
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      onError.run();
    }
    return List.copyOf(found);
  }
}
