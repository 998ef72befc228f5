package dev.rebound.agent.meters;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebound's meters through the application's {@code GlobalOpenTelemetry}: the application's own
 * OpenTelemetry API, or the OpenTelemetry Java agent's copy of it on the boot class path (where the
 * agent keeps it under a package of its own). Rebound never calls {@code GlobalOpenTelemetry.get()}
 * before the global is set, since that would fix it to a no-op and make the application's own
 * {@code set} fail; until it is set, events are dropped, as a no-op would. Confined to the {@code
 * rebound-meters} thread.
 */
final class OtelBackend implements MeterBackend {
  static final String SCOPE = "dev.rebound";

  private final String library;
  private final Method isSet;
  private final Field globalField;
  private final Method get;
  private final Method meterProvider;
  private final Method meterOf;
  private final Method counterBuilder;
  private final Method histogramBuilder;
  private final Method counterDescription;
  private final Method counterUnit;
  private final Method counterBuild;
  private final Method add;
  private final Method histogramDescription;
  private final Method histogramUnit;
  private final Method histogramAdvice;
  private final Method histogramBuild;
  private final Method record;
  private final Method attributesBuilder;
  private final Method put;
  private final Method attributesBuild;
  private final Map<String, Object> instruments = new HashMap<>();
  private final Map<List<String>, Object> attributeSets = new HashMap<>();
  private Object meter;

  private OtelBackend(String pkg, ClassLoader loader, String library) {
    this.library = library;
    Class<?> global = Reflection.load(pkg + "GlobalOpenTelemetry", loader);
    isSet = Reflection.optionalMethod(global, "isSet");
    globalField = isSet == null ? accessibleField(global, "globalOpenTelemetry") : null;
    get = Reflection.method(global, "get");
    Class<?> openTelemetry = Reflection.load(pkg + "OpenTelemetry", loader);
    meterProvider = Reflection.method(openTelemetry, "getMeterProvider");
    Class<?> provider = Reflection.load(pkg + "metrics.MeterProvider", loader);
    meterOf = Reflection.method(provider, "get", String.class);
    Class<?> meterType = Reflection.load(pkg + "metrics.Meter", loader);
    counterBuilder = Reflection.method(meterType, "counterBuilder", String.class);
    histogramBuilder = Reflection.method(meterType, "histogramBuilder", String.class);
    Class<?> cb = Reflection.load(pkg + "metrics.LongCounterBuilder", loader);
    counterDescription = Reflection.method(cb, "setDescription", String.class);
    counterUnit = Reflection.method(cb, "setUnit", String.class);
    counterBuild = Reflection.method(cb, "build");
    Class<?> attributes = Reflection.load(pkg + "common.Attributes", loader);
    add =
        Reflection.method(
            Reflection.load(pkg + "metrics.LongCounter", loader), "add", long.class, attributes);
    Class<?> hb = Reflection.load(pkg + "metrics.DoubleHistogramBuilder", loader);
    histogramDescription = Reflection.method(hb, "setDescription", String.class);
    histogramUnit = Reflection.method(hb, "setUnit", String.class);
    histogramAdvice =
        Reflection.optionalMethod(hb, "setExplicitBucketBoundariesAdvice", List.class);
    histogramBuild = Reflection.method(hb, "build");
    record =
        Reflection.method(
            Reflection.load(pkg + "metrics.DoubleHistogram", loader),
            "record",
            double.class,
            attributes);
    attributesBuilder = Reflection.method(attributes, "builder");
    Class<?> ab = Reflection.load(pkg + "common.AttributesBuilder", loader);
    put = Reflection.method(ab, "put", String.class, String.class);
    attributesBuild = Reflection.method(ab, "build");
  }

  /**
   * The OpenTelemetry API in {@code pkg} of {@code loader}, or null when this version lacks what
   * Rebound calls (metrics came in 1.10).
   */
  static OtelBackend create(String pkg, ClassLoader loader, String library) {
    try {
      return new OtelBackend(pkg, loader, library);
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static Field accessibleField(Class<?> type, String name) {
    try {
      Field field = type.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Neither isSet() nor the field: whether the global is set cannot be told, so it is not used.
      return null;
    }
  }

  @Override
  public String library() {
    return library;
  }

  @Override
  public void increment(String name, String description, String unit, String[] tags) {
    Object meter = meter();
    if (meter == null) {
      return;
    }
    Object counter =
        instruments.computeIfAbsent(
            name,
            n -> {
              Object b = Reflection.invoke(counterBuilder, meter, n);
              Reflection.invoke(counterDescription, b, description);
              Reflection.invoke(counterUnit, b, unit);
              return Reflection.invoke(counterBuild, b);
            });
    Reflection.invoke(add, counter, 1L, attributes(tags));
  }

  @Override
  public void recordSeconds(String name, String description, double seconds, String[] tags) {
    Object meter = meter();
    if (meter == null) {
      return;
    }
    Object histogram =
        instruments.computeIfAbsent(
            name,
            n -> {
              Object b = Reflection.invoke(histogramBuilder, meter, n);
              Reflection.invoke(histogramDescription, b, description);
              Reflection.invoke(histogramUnit, b, "s");
              if (histogramAdvice != null) {
                List<Double> bounds = new ArrayList<>();
                for (double bound : MicrometerBackend.BUCKETS_SECONDS) {
                  bounds.add(bound);
                }
                Reflection.invoke(histogramAdvice, b, bounds);
              }
              return Reflection.invoke(histogramBuild, b);
            });
    Reflection.invoke(record, histogram, seconds, attributes(tags));
  }

  /** The meter once the global OpenTelemetry is set; null before. */
  private Object meter() {
    if (meter == null && globalIsSet()) {
      Object openTelemetry = Reflection.invoke(get, null);
      meter = Reflection.invoke(meterOf, Reflection.invoke(meterProvider, openTelemetry), SCOPE);
    }
    return meter;
  }

  private boolean globalIsSet() {
    if (isSet != null) {
      return (Boolean) Reflection.invoke(isSet, null);
    }
    try {
      return globalField != null && globalField.get(null) != null;
    } catch (IllegalAccessException e) {
      return false;
    }
  }

  private Object attributes(String[] tags) {
    return attributeSets.computeIfAbsent(
        List.of(tags),
        k -> {
          Object b = Reflection.invoke(attributesBuilder, null);
          for (int i = 0; i < tags.length; i += 2) {
            b = Reflection.invoke(put, b, tags[i], tags[i + 1]);
          }
          return Reflection.invoke(attributesBuild, b);
        });
  }
}
