package dev.rebound.agent.instrument.okhttp.adapter;

import java.lang.reflect.Field;
import okhttp3.Call;
import okhttp3.OkHttpClient;

/**
 * The client a {@code RealCall} belongs to. OkHttp 3 has no public accessor for it (4 and 5 have a
 * Kotlin getter, but not on 3), so the field is read; the field is found once per call class.
 * Thread-safe.
 */
final class RealCallClient {
  private static final ClassValue<Field> FIELD =
      new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
          try {
            Field field = type.getDeclaredField("client");
            field.setAccessible(true);
            return field;
          } catch (ReflectiveOperationException | RuntimeException e) {
            // A call class without it (or closed to us by its module): its calls are not driven.
            return null;
          }
        }
      };

  private RealCallClient() {}

  /** The call's client, or null when it cannot be read. */
  static OkHttpClient of(Call call) {
    Field field = FIELD.get(call.getClass());
    if (field == null) {
      return null;
    }
    try {
      return (OkHttpClient) field.get(call);
    } catch (IllegalAccessException | ClassCastException e) {
      return null;
    }
  }
}
