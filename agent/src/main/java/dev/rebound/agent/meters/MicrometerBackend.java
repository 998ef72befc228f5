package dev.rebound.agent.meters;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Rebound's meters in the application's {@code Metrics.globalRegistry}, where Spring Boot adds its
 * registries: counters, and a timer for {@code rebound.call.duration} with buckets from 100 ms to
 * two minutes. Each meter is registered once per tag set and kept. Confined to the {@code
 * rebound-meters} thread.
 */
final class MicrometerBackend implements MeterBackend {
  private static final String PKG = "io.micrometer.core.instrument.";

  /** Bucket bounds of the duration: LLM calls take from a fraction of a second to minutes. */
  static final double[] BUCKETS_SECONDS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

  private final Object registry;
  private final Class<?> meterRegistry;
  private final Method counterBuilder;
  private final Method counterDescription;
  private final Method counterTags;
  private final Method counterRegister;
  private final Method increment;
  private final Method timerBuilder;
  private final Method timerDescription;
  private final Method timerTags;
  private final Method timerSlos;
  private final Method timerRegister;
  private final Method timerRecord;
  private final Map<List<String>, Object> meters = new HashMap<>();

  private MicrometerBackend(ClassLoader loader) throws ReflectiveOperationException {
    registry = Reflection.load(PKG + "Metrics", loader).getField("globalRegistry").get(null);
    meterRegistry = Reflection.load(PKG + "MeterRegistry", loader);
    Class<?> counter = Reflection.load(PKG + "Counter", loader);
    Class<?> cb = Reflection.load(PKG + "Counter$Builder", loader);
    counterBuilder = Reflection.method(counter, "builder", String.class);
    counterDescription = Reflection.method(cb, "description", String.class);
    counterTags = Reflection.method(cb, "tags", String[].class);
    counterRegister = Reflection.method(cb, "register", meterRegistry);
    increment = Reflection.method(counter, "increment");
    Class<?> timer = Reflection.load(PKG + "Timer", loader);
    Class<?> tb = Reflection.load(PKG + "Timer$Builder", loader);
    timerBuilder = Reflection.method(timer, "builder", String.class);
    timerDescription = Reflection.method(tb, "description", String.class);
    timerTags = Reflection.method(tb, "tags", String[].class);
    timerSlos = Reflection.optionalMethod(tb, "serviceLevelObjectives", Duration[].class);
    timerRegister = Reflection.method(tb, "register", meterRegistry);
    timerRecord = Reflection.method(timer, "record", long.class, TimeUnit.class);
  }

  /** The Micrometer of {@code loader}, or null when this version lacks what Rebound calls. */
  static MicrometerBackend create(ClassLoader loader) {
    try {
      return new MicrometerBackend(loader);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // A Micrometer too old or too new for these calls: left alone.
      return null;
    }
  }

  @Override
  public String library() {
    return "Micrometer";
  }

  /** The unit is left out: Prometheus would append a Micrometer base unit to the name. */
  @Override
  public void increment(String name, String description, String unit, String[] tags) {
    Object counter =
        meters.computeIfAbsent(
            key(name, tags),
            k -> {
              Object b = Reflection.invoke(counterBuilder, null, name);
              Reflection.invoke(counterDescription, b, description);
              Reflection.invoke(counterTags, b, (Object) tags);
              return Reflection.invoke(counterRegister, b, registry);
            });
    Reflection.invoke(increment, counter);
  }

  @Override
  public void recordSeconds(String name, String description, double seconds, String[] tags) {
    Object timer =
        meters.computeIfAbsent(
            key(name, tags),
            k -> {
              Object b = Reflection.invoke(timerBuilder, null, name);
              Reflection.invoke(timerDescription, b, description);
              Reflection.invoke(timerTags, b, (Object) tags);
              if (timerSlos != null) {
                Reflection.invoke(timerSlos, b, (Object) buckets());
              }
              return Reflection.invoke(timerRegister, b, registry);
            });
    Reflection.invoke(timerRecord, timer, Math.round(seconds * 1e9), TimeUnit.NANOSECONDS);
  }

  private static Duration[] buckets() {
    Duration[] out = new Duration[BUCKETS_SECONDS.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Duration.ofNanos(Math.round(BUCKETS_SECONDS[i] * 1e9));
    }
    return out;
  }

  static List<String> key(String name, String[] tags) {
    String[] key = new String[tags.length + 1];
    key[0] = name;
    System.arraycopy(tags, 0, key, 1, tags.length);
    return List.of(key);
  }
}
