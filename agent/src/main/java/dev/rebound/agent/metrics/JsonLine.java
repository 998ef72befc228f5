package dev.rebound.agent.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * One JSON object as one line of UTF-8, written straight into a reusable buffer. The metrics log's
 * records are flat and few-shaped, so this replaces a general JSON generator: no parser factory, no
 * per-record generator, and none of Jackson's classes loaded by a call that succeeds (they cost the
 * first managed call tens of milliseconds). Strings are escaped as RFC 8259 asks, and an unpaired
 * surrogate (valid in a JSON request's model name) is written as U+FFFD so that every line is valid
 * UTF-8. Not thread-safe: confined to the writer thread.
 */
final class JsonLine {
  private static final String HEX = "0123456789abcdef";

  private byte[] bytes = new byte[1024];
  private int length;

  /** Whether the next member or element needs a comma before it. */
  private boolean comma;

  /** Starts a new line, forgetting the previous one. */
  JsonLine reset() {
    length = 0;
    comma = false;
    return this;
  }

  JsonLine startObject() {
    separate();
    put('{');
    comma = false;
    return this;
  }

  JsonLine endObject() {
    put('}');
    comma = true;
    return this;
  }

  JsonLine startArray(String name) {
    name(name);
    put('[');
    comma = false;
    return this;
  }

  JsonLine endArray() {
    put(']');
    comma = true;
    return this;
  }

  /** A member whose value is an object; close it with {@link #endObject()}. */
  JsonLine startObject(String name) {
    name(name);
    put('{');
    comma = false;
    return this;
  }

  /** A string member; null is written as {@code null}, so a record keeps a fixed shape. */
  JsonLine text(String name, String value) {
    name(name);
    value(value);
    return this;
  }

  /** A string element of an array. */
  JsonLine element(String value) {
    separate();
    value(value);
    return this;
  }

  JsonLine number(String name, long value) {
    name(name);
    ascii(Long.toString(value));
    comma = true;
    return this;
  }

  JsonLine bool(String name, boolean value) {
    name(name);
    ascii(value ? "true" : "false");
    comma = true;
    return this;
  }

  /** A millisecond figure, rounded to 0.1; NaN and infinities, which JSON lacks, become 0. */
  JsonLine millis(String name, double value) {
    name(name);
    long tenths = Double.isFinite(value) ? Math.round(value * 10.0) : 0;
    if (tenths < 0) {
      put('-');
      tenths = -tenths;
    }
    ascii(Long.toString(tenths / 10));
    put('.');
    put((char) ('0' + tenths % 10));
    comma = true;
    return this;
  }

  /** Writes the line and its newline. */
  void writeTo(OutputStream out) throws IOException {
    put('\n');
    out.write(bytes, 0, length);
  }

  /** The line so far, for tests. */
  @Override
  public String toString() {
    return new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
  }

  private void name(String name) {
    separate();
    string(name);
    put(':');
  }

  private void value(String value) {
    if (value == null) {
      ascii("null");
    } else {
      string(value);
    }
    comma = true;
  }

  private void separate() {
    if (comma) {
      put(',');
    }
  }

  private void string(String s) {
    int n = s.length();
    // Room for the worst case (six bytes for an escaped control char): no check per ASCII char.
    ensure(n * 6 + 2);
    byte[] out = bytes;
    int at = length;
    out[at++] = '"';
    int i = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
        break;
      }
      out[at++] = (byte) c;
    }
    length = at;
    if (i < n) {
      rest(s, i);
    }
    put('"');
  }

  /** The rest of a string from its first char that is not plain ASCII. */
  private void rest(String s, int from) {
    int n = s.length();
    for (int i = from; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        put(c);
      } else if (c < 0x80) {
        escape(c);
      } else if (c < 0x800) {
        put((char) (0xC0 | c >> 6));
        put((char) (0x80 | c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        put((char) (0xF0 | cp >> 18));
        put((char) (0x80 | cp >> 12 & 0x3F));
        put((char) (0x80 | cp >> 6 & 0x3F));
        put((char) (0x80 | cp & 0x3F));
      } else {
        char bmp = Character.isSurrogate(c) ? '\uFFFD' : c;
        put((char) (0xE0 | bmp >> 12));
        put((char) (0x80 | bmp >> 6 & 0x3F));
        put((char) (0x80 | bmp & 0x3F));
      }
    }
  }

  private void escape(char c) {
    put('\\');
    switch (c) {
      case '"' -> put('"');
      case '\\' -> put('\\');
      case '\n' -> put('n');
      case '\r' -> put('r');
      case '\t' -> put('t');
      case '\b' -> put('b');
      case '\f' -> put('f');
      default -> {
        put('u');
        put('0');
        put('0');
        put(HEX.charAt(c >> 4));
        put(HEX.charAt(c & 0xF));
      }
    }
  }

  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      bytes[length++] = (byte) s.charAt(i);
    }
  }

  private void put(char b) {
    if (length == bytes.length) {
      ensure(1);
    }
    bytes[length++] = (byte) b;
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
