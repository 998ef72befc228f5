package dev.rebound.agent.instrument.vertx.adapter;

import io.vertx.core.http.HttpClientOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * A Vert.x client's default host, port and TLS, which a request's options may leave unset: its
 * {@code HttpClientOptions} up to 5.0, its own private fields from 5.1 (which dropped them). Null
 * values when the client does not give them: such a request is not Rebound's to manage. Immutable.
 */
record ClientDefaults(String host, Integer port, boolean ssl) {
  private static final ClientDefaults NONE = new ClientDefaults(null, null, false);
  private static final String BASE = "io.vertx.core.http.impl.HttpClientBase";
  private static final String IMPL = "io.vertx.core.http.impl.HttpClientImpl";

  /** {@code HttpClientBase.options()}: 4.5 and 5.0. */
  private static final Method OPTIONS = optionsMethod();

  /** {@code HttpClientImpl.defaultHost}, {@code defaultPort}, {@code defaultSsl}: 5.1 and later. */
  private static final Field[] FIELDS = OPTIONS == null ? defaultFields() : null;

  static ClientDefaults of(Object client) {
    try {
      if (OPTIONS != null && OPTIONS.getDeclaringClass().isInstance(client)) {
        HttpClientOptions o = (HttpClientOptions) OPTIONS.invoke(client);
        return o == null
            ? NONE
            : new ClientDefaults(o.getDefaultHost(), o.getDefaultPort(), o.isSsl());
      }
      if (FIELDS != null && FIELDS[0].getDeclaringClass().isInstance(client)) {
        return new ClientDefaults(
            (String) FIELDS[0].get(client), FIELDS[1].getInt(client), FIELDS[2].getBoolean(client));
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // A client Rebound cannot read: its requests without a host are left alone.
    }
    return NONE;
  }

  private static Method optionsMethod() {
    try {
      return Class.forName(BASE, false, HttpClientOptions.class.getClassLoader())
          .getDeclaredMethod("options");
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  private static Field[] defaultFields() {
    try {
      Class<?> impl = Class.forName(IMPL, false, HttpClientOptions.class.getClassLoader());
      Field[] fields = {
        impl.getDeclaredField("defaultHost"),
        impl.getDeclaredField("defaultPort"),
        impl.getDeclaredField("defaultSsl")
      };
      for (Field f : fields) {
        f.setAccessible(true);
      }
      return fields;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // Vert.x in a module that does not open its internals, or another line's fields.
      return null;
    }
  }
}
