package dev.rebound.agent.engine;

import dev.rebound.agent.json.JsonScan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the members of one JSON object by byte offsets, skipping (never decoding) their values, so
 * that a rewrite can splice bytes and leave every other byte as it was. Nesting is skipped
 * iteratively: deep input cannot overflow the stack. Malformed input yields null, never an
 * exception. Stateless.
 */
final class JsonMembers {
  /** One member: its decoded key and the byte span {@code [valueStart, valueEnd)} of its value. */
  record Member(String key, int valueStart, int valueEnd) {}

  /** An object's members and the offset of its closing brace. */
  record ObjectSpan(int open, int close, List<Member> members) {}

  private JsonMembers() {}

  /** What {@link #members} reports of each member of an object. */
  interface MemberVisitor {
    /**
     * One member: its key spans {@code [keyStart, keyEnd)}, quotes included; its value {@code
     * [valueStart, valueEnd)}.
     */
    void member(int keyStart, int keyEnd, int valueStart, int valueEnd);
  }

  /** The object whose '{' is the first non-blank byte at or after {@code from}, or null. */
  static ObjectSpan object(byte[] b, int from, int end) {
    int open = skipBlank(b, from, end);
    List<Member> members = new ArrayList<>();
    int close =
        members(
            b,
            from,
            end,
            new MemberVisitor() {
              @Override
              public void member(int keyStart, int keyEnd, int valueStart, int valueEnd) {
                members.add(new Member(decodeString(b, keyStart, keyEnd), valueStart, valueEnd));
              }
            });
    return close < 0 ? null : new ObjectSpan(open, close, members);
  }

  /**
   * Tells {@code visitor} of each member of the object whose '{' is the first non-blank byte at or
   * after {@code from}, decoding nothing. Returns the offset of the object's closing brace, or -1
   * when it is malformed (the members before the fault have been told).
   */
  static int members(byte[] b, int from, int end, MemberVisitor visitor) {
    int p = skipBlank(b, from, end);
    if (p >= end || b[p] != '{') {
      return -1;
    }
    p = skipBlank(b, p + 1, end);
    if (p < end && b[p] == '}') {
      return p;
    }
    while (p < end) {
      int keyEnd = skipString(b, p, end);
      if (keyEnd < 0 || (hasEscape(b, p, keyEnd) && decodeString(b, p, keyEnd) == null)) {
        return -1;
      }
      int keyStart = p;
      p = skipBlank(b, keyEnd, end);
      if (p >= end || b[p] != ':') {
        return -1;
      }
      int valueStart = skipBlank(b, p + 1, end);
      int valueEnd = skipValue(b, valueStart, end);
      if (valueEnd < 0) {
        return -1;
      }
      visitor.member(keyStart, keyEnd, valueStart, valueEnd);
      p = skipBlank(b, valueEnd, end);
      if (p < end && b[p] == '}') {
        return p;
      }
      if (p >= end || b[p] != ',') {
        return -1;
      }
      p = skipBlank(b, p + 1, end);
    }
    return -1;
  }

  /** Whether the key spanning {@code [start, end)}, quotes included, is {@code name}. */
  static boolean keyIs(byte[] b, int start, int end, String name) {
    if (hasEscape(b, start, end)) {
      return name.equals(decodeString(b, start, end));
    }
    if (end - start - 2 != name.length()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (b[start + 1 + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasEscape(byte[] b, int start, int end) {
    for (int i = start + 1; i < end - 1; i++) {
      if (b[i] == '\\') {
        return true;
      }
    }
    return false;
  }

  /** The elements of the array whose '[' is at {@code open}, as spans; null when malformed. */
  static List<int[]> arrayElements(byte[] b, int open, int end) {
    List<int[]> elements = new ArrayList<>();
    int p = skipBlank(b, open + 1, end);
    if (p < end && b[p] == ']') {
      return elements;
    }
    while (p < end) {
      int valueEnd = skipValue(b, p, end);
      if (valueEnd < 0) {
        return null;
      }
      elements.add(new int[] {p, valueEnd});
      p = skipBlank(b, valueEnd, end);
      if (p < end && b[p] == ']') {
        return elements;
      }
      if (p >= end || b[p] != ',') {
        return null;
      }
      p = skipBlank(b, p + 1, end);
    }
    return null;
  }

  static int skipBlank(byte[] b, int p, int end) {
    while (p < end && (b[p] == ' ' || b[p] == '\n' || b[p] == '\r' || b[p] == '\t')) {
      p++;
    }
    return p;
  }

  /** The offset just past the value starting at {@code p}, or -1 when malformed. */
  static int skipValue(byte[] b, int p, int end) {
    if (p >= end) {
      return -1;
    }
    byte c = b[p];
    if (c == '"') {
      return skipString(b, p, end);
    }
    if (c == '{' || c == '[') {
      return skipNested(b, p, end);
    }
    int q = p;
    while (q < end && !isDelimiter(b[q])) {
      q++;
    }
    return q == p ? -1 : q;
  }

  /** The offset just past the string whose opening quote is at {@code p}, or -1. */
  static int skipString(byte[] b, int p, int end) {
    if (p >= end || b[p] != '"') {
      return -1;
    }
    int q = p + 1;
    while ((q = JsonScan.quoteOrBackslash(b, q, end)) >= 0) {
      if (b[q] == '"') {
        return q + 1;
      }
      q += 2;
    }
    return -1;
  }

  private static int skipNested(byte[] b, int p, int end) {
    int depth = 0;
    for (int q = p; q < end; q++) {
      byte c = b[q];
      if (c == '"') {
        q = skipString(b, q, end) - 1;
        if (q < 0) {
          return -1;
        }
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          return q + 1;
        }
      }
    }
    return -1;
  }

  private static boolean isDelimiter(byte c) {
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  /** Decodes the JSON string spanning {@code [start, end)} quotes included; null when malformed. */
  static String decodeString(byte[] b, int start, int end) {
    if (end - start < 2 || b[start] != '"' || b[end - 1] != '"') {
      return null;
    }
    int from = start + 1;
    int to = end - 1;
    boolean escaped = false;
    for (int i = from; i < to && !escaped; i++) {
      escaped = b[i] == '\\';
    }
    String raw = new String(b, from, to - from, StandardCharsets.UTF_8);
    return escaped ? unescape(raw) : raw;
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        out.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 5 > s.length()) {
            return null;
          }
          try {
            out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          } catch (NumberFormatException badHex) {
            return null;
          }
          i += 4;
        }
        default -> out.append(e);
      }
    }
    return out.toString();
  }

  /** {@code value} as a JSON string literal, quotes included. */
  static byte[] encodeString(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString().getBytes(StandardCharsets.UTF_8);
  }
}
