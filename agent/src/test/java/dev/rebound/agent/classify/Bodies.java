package dev.rebound.agent.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Loads the recorded vendor responses under {@code src/test/resources/bodies} (see its README). */
final class Bodies {

  /** The test clock: 2026-07-08T14:08:00Z. Recorded resets and dates are relative to it. */
  static final long NOW = 1_783_519_680_000L;

  private Bodies() {}

  /** The body bytes of {@code <vendor>/<case>.<ext>}. */
  static byte[] body(String file) {
    byte[] bytes = resource(file);
    if (bytes == null) {
      throw new IllegalArgumentException("no body resource: bodies/" + file);
    }
    return bytes;
  }

  /** The sibling {@code <case>.headers} ("Name: value" lines), or no headers when absent. */
  static HeaderLookup headers(String file) {
    byte[] bytes = resource(file.substring(0, file.lastIndexOf('.')) + ".headers");
    Map<String, String> map = new HashMap<>();
    if (bytes != null) {
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
        int colon = line.indexOf(':');
        if (line.isBlank() || line.startsWith("#") || colon < 1) {
          continue;
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        map.putIfAbsent(name, line.substring(colon + 1).trim());
      }
    }
    return name -> map.get(name.toLowerCase(Locale.ROOT));
  }

  /** Headers given inline, "name", "value", ... compared without case. */
  static HeaderLookup inline(String... nameValues) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i + 1 < nameValues.length; i += 2) {
      map.put(nameValues[i].toLowerCase(Locale.ROOT), nameValues[i + 1]);
    }
    return name -> map.get(name.toLowerCase(Locale.ROOT));
  }

  private static byte[] resource(String path) {
    try (InputStream in = Bodies.class.getResourceAsStream("/bodies/" + path)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
