package dev.rebound.agent.instrument.jdk;

import java.lang.reflect.Field;
import java.net.http.HttpRequest.BodyPublisher;
import java.util.Arrays;

/**
 * The bytes of a {@code BodyPublishers.ofString}/{@code ofByteArray} body, read from the
 * publisher's fields instead of through a subscription (which costs a scheduler, futures and a
 * buffer copy per call). Its package is opened to Rebound by {@link FacadeImpl} before any call
 * gets here. When the fields are not as expected (another JDK), null: the caller subscribes as
 * before. Thread-safe.
 */
final class InMemoryBody {
  private static final String BYTE_ARRAY_PUBLISHER =
      "jdk.internal.net.http.RequestPublishers$ByteArrayPublisher";
  private static final Fields FIELDS = Fields.find();

  private record Fields(Field content, Field offset) {
    static Fields find() {
      try {
        Class<?> type =
            Class.forName(BYTE_ARRAY_PUBLISHER, false, BodyPublisher.class.getClassLoader());
        return new Fields(open(type, "content"), open(type, "offset"));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }

    private static Field open(Class<?> type, String name) throws NoSuchFieldException {
      Field field = type.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    }
  }

  private InMemoryBody() {}

  /** A copy of the publisher's bytes, or null when they cannot be read this way. */
  static byte[] copy(BodyPublisher publisher) {
    if (FIELDS == null) {
      return null;
    }
    try {
      byte[] content = (byte[]) FIELDS.content().get(publisher);
      long length = publisher.contentLength();
      if (length == content.length) {
        // The whole array (ofString, ofByteArray(bytes)): the offset is 0, and not read. On JDK 25
        // a field's first reflective read spins method handles, 1 to 2 ms of the first call.
        return content.clone();
      }
      int offset = FIELDS.offset().getInt(publisher);
      return Arrays.copyOfRange(content, offset, offset + (int) length);
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }
}
