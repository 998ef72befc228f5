package dev.rebound.agent.classify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Small steps of streaming JSON reading shared by {@link ErrorBodyReader} and {@link
 * MetadataReader}: scalars as text, one field of an object, each object of an array. Decides
 * nothing. Stateless and thread-safe.
 */
final class JsonValues {

  /** Longest text kept per field: enough for any vendor message, bounded for the regexes. */
  private static final int MAX_TEXT = 4096;

  private JsonValues() {}

  /** One step of reading, positioned on the START_OBJECT of an array element. */
  @FunctionalInterface
  interface ElementReader {
    void read() throws IOException;
  }

  /** Calls the reader for each object element of the current array; skips any other element. */
  static void forEachObject(JsonParser p, ElementReader reader) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      if (t == JsonToken.START_OBJECT) {
        reader.read();
      } else {
        p.skipChildren();
      }
    }
  }

  /** The named scalar of the object the parser stands on (START_OBJECT), or null if not one. */
  static String field(JsonParser p, String wanted) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    return fieldOfCurrentObject(p, wanted);
  }

  /** Reads the rest of the current object, keeping the named scalar; ends on its END_OBJECT. */
  static String fieldOfCurrentObject(JsonParser p, String wanted) throws IOException {
    String found = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      if (wanted.equals(name)) {
        found = scalar(p);
      } else {
        p.skipChildren();
      }
    }
    return found;
  }

  /** The current value as text when it is a scalar; null for null; skipped when a container. */
  static String scalar(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null || t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t.isStructStart()) {
      p.skipChildren();
      return null;
    }
    String text = p.getText();
    return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
  }

  static String first(String current, String candidate) {
    return current != null ? current : candidate;
  }
}
