package dev.rebound.agent.instrument.apache;

import java.lang.reflect.Method;

/**
 * Reads the attribute that marks a managed attempt in an Apache {@code HttpContext} (4.5 or 5),
 * from Rebound's own loader, which cannot name the context's interface: the interface's public
 * {@code getAttribute(String)} is found once per context class. Thread-safe.
 */
public final class MarkedContext {
  private static final ClassValue<Method> GET_ATTRIBUTE =
      new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
          for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
              Method m = getAttribute(i);
              if (m != null) {
                return m;
              }
            }
          }
          return null;
        }
      };

  private MarkedContext() {}

  /** Whether {@code context} belongs to one of Rebound's attempts. */
  public static boolean isMarked(Object context, String attribute)
      throws ReflectiveOperationException {
    if (context == null) {
      return false;
    }
    Method m = GET_ATTRIBUTE.get(context.getClass());
    return m != null && m.invoke(context, attribute) != null;
  }

  private static Method getAttribute(Class<?> type) {
    if (!type.getName().endsWith(".HttpContext")) {
      for (Class<?> parent : type.getInterfaces()) {
        Method m = getAttribute(parent);
        if (m != null) {
          return m;
        }
      }
      return null;
    }
    try {
      return type.getMethod("getAttribute", String.class);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
