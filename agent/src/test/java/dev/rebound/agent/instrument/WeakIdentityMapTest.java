package dev.rebound.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {

  /** Equal to every other instance, as a request type that overrides equals could be. */
  private static final class SameForAll {
    @Override
    public boolean equals(Object other) {
      return other instanceof SameForAll;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  @Test
  void keysAreComparedByIdentity() {
    WeakIdentityMap<String> map = new WeakIdentityMap<>();
    Object first = new SameForAll();
    Object second = new SameForAll();

    map.put(first, "first");

    assertThat(map.get(first)).isEqualTo("first");
    assertThat(map.get(second)).isNull();
    map.put(second, "second");
    assertThat(map.get(first)).isEqualTo("first");
    assertThat(map.get(second)).isEqualTo("second");
  }

  @Test
  void aValueIsReplacedAndRemoved() {
    WeakIdentityMap<String> map = new WeakIdentityMap<>();
    Object key = new Object();

    map.put(key, "watched");
    map.put(key, "finished");
    assertThat(map.get(key)).isEqualTo("finished");

    map.remove(key);
    assertThat(map.get(key)).isNull();
  }

  @Test
  void aKeyIsNotKeptAlive() {
    WeakIdentityMap<String> map = new WeakIdentityMap<>();
    Object key = new Object();
    WeakReference<Object> watch = new WeakReference<>(key);
    map.put(key, "value");
    key = null;

    // The map holds no strong reference, so the collector may clear the key; a few full
    // collections do on every collector the JDK ships.
    for (int i = 0; i < 50 && watch.get() != null; i++) {
      System.gc();
    }

    assertThat(watch.get()).isNull();
    // Later changes drop the cleared entry; the map goes on working.
    Object other = new Object();
    map.put(other, "other");
    assertThat(map.get(other)).isEqualTo("other");
  }

  @Test
  void readersAndWritersOnManyThreadsSeeTheirOwnEntries() throws InterruptedException {
    WeakIdentityMap<Integer> map = new WeakIdentityMap<>();
    AtomicInteger wrong = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 20_000; i++) {
                  Object key = new Object();
                  map.put(key, i);
                  if (!Integer.valueOf(i).equals(map.get(key))) {
                    wrong.incrementAndGet();
                  }
                  map.remove(key);
                  if (map.get(key) != null) {
                    wrong.incrementAndGet();
                  }
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(wrong).hasValue(0);
  }
}
