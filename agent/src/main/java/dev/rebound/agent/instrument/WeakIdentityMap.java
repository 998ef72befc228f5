package dev.rebound.agent.instrument;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values by key, keys compared by identity and not kept alive: an entry whose key was collected
 * goes at the next change. Reads take no lock, since a client's hooks ask on every request of every
 * host, on its event loops. Thread-safe.
 *
 * @param <V> the values
 */
public final class WeakIdentityMap<V> {
  private final ConcurrentHashMap<Object, V> entries = new ConcurrentHashMap<>();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

  /** The value of {@code key}, or null. */
  public V get(Object key) {
    return entries.get(new Lookup(key));
  }

  public void put(Object key, V value) {
    // A key already in keeps its reference: each new one is work for the collector too.
    if (entries.replace(new Lookup(key), value) != null) {
      return;
    }
    expunge();
    entries.put(new WeakKey(key, collected), value);
  }

  public void remove(Object key) {
    expunge();
    entries.remove(new Lookup(key));
  }

  private void expunge() {
    Reference<?> gone;
    while ((gone = collected.poll()) != null) {
      // A cleared key equals only itself.
      entries.remove(gone);
    }
  }

  /** How an entry holds its key: its hash kept, since a cleared key must still be found. */
  private static final class WeakKey extends WeakReference<Object> {
    private final int hash;

    WeakKey(Object key, ReferenceQueue<Object> queue) {
      super(key, queue);
      this.hash = System.identityHashCode(key);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (other == this) {
        return true;
      }
      Object key = get();
      return key != null && other instanceof WeakKey w && w.get() == key;
    }
  }

  /** A key as asked for: no reference object made for a read. */
  private static final class Lookup {
    private final Object key;

    Lookup(Object key) {
      this.key = key;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(key);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof WeakKey w && w.get() == key;
    }
  }
}
