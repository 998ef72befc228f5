package dev.rebound.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers and booleans as JSON; enough for results.json, no
 * dependency.
 */
final class Json {
  private Json() {}

  static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(value, sb, "");
    return sb.append('\n').toString();
  }

  private static void write(Object v, StringBuilder sb, String indent) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Map<?, ?> map) {
      sb.append("{");
      String inner = indent + "  ";
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sb.append(first ? "\n" : ",\n").append(inner);
        string(e.getKey().toString(), sb);
        sb.append(": ");
        write(e.getValue(), sb, inner);
        first = false;
      }
      sb.append(first ? "}" : "\n" + indent + "}");
    } else if (v instanceof List<?> list) {
      sb.append("[");
      String inner = indent + "  ";
      for (int i = 0; i < list.size(); i++) {
        sb.append(i == 0 ? "\n" : ",\n").append(inner);
        write(list.get(i), sb, inner);
      }
      sb.append(list.isEmpty() ? "]" : "\n" + indent + "]");
    } else if (v instanceof Double d) {
      // JSON has no NaN: a figure that could not be measured is null.
      sb.append(
          d.isNaN() || d.isInfinite()
              ? "null"
              : String.format(Locale.ROOT, "%.4f", d).replaceAll("\\.?0+$", ""));
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else {
      string(v.toString(), sb);
    }
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
