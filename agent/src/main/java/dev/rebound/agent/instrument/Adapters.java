package dev.rebound.agent.instrument;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Finds, per application class loader, the adapter entry point of one client family, creating it on
 * first use. The common case (one loader) costs one volatile read. Thread-safe.
 *
 * @param <E> the entry-point interface, defined in the agent's loader
 */
public final class Adapters<E> {
  private final Class<E> entryType;
  private final String implementationName;
  private final String adapterPackage;
  private final Map<ClassLoader, E> byLoader = new WeakHashMap<>();

  /** The last lookup, as one pair: two separate fields could be read half-updated. */
  private volatile Cached<E> last;

  private record Cached<E>(ClassLoader loader, E entry) {}

  /**
   * @param entryType the interface the adapter implements
   * @param implementationName the adapter class, in a package of its own that holds only adapter
   *     classes (they are defined next to the client)
   */
  public Adapters(Class<E> entryType, String implementationName) {
    this.entryType = entryType;
    this.implementationName = implementationName;
    this.adapterPackage = implementationName.substring(0, implementationName.lastIndexOf('.') + 1);
  }

  /** The entry point for a client defined by {@code clientLoader}. */
  public E forLoader(ClassLoader clientLoader) throws ReflectiveOperationException {
    Cached<E> cached = last;
    if (cached != null && cached.loader() == clientLoader) {
      return cached.entry();
    }
    synchronized (byLoader) {
      E entry = byLoader.get(clientLoader);
      if (entry == null) {
        entry = create(clientLoader);
        byLoader.put(clientLoader, entry);
      }
      last = new Cached<>(clientLoader, entry);
      return entry;
    }
  }

  private E create(ClassLoader clientLoader) throws ReflectiveOperationException {
    ClassLoader agentLoader = Adapters.class.getClassLoader();
    ClassLoader loader = new AdapterLoader(clientLoader, agentLoader, adapterPackage);
    Class<?> implementation = Class.forName(implementationName, true, loader);
    try {
      return entryType.cast(implementation.getDeclaredConstructor().newInstance());
    } catch (InvocationTargetException e) {
      throw new ReflectiveOperationException("cannot start " + implementationName, e.getCause());
    }
  }
}
