package dev.rebound.agent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the text of a configuration file: {@code key=value} lines, {@code #} or {@code !} comments,
 * blank lines. Confined to the calling thread (stateless).
 *
 * <p>Why not {@link java.util.Properties}: it also splits a key at {@code :} and at blanks, so
 * {@code rebound.fallback.for.meta-llama/llama-3-8b-instruct:free=...} would need an escaped {@code
 * \:}, and it eats the backslashes of Windows paths. Here a line is split at its first {@code =}
 * only, and nothing is escaped.
 */
final class PropertiesText {
  private PropertiesText() {}

  /**
   * The entries of {@code text} in file order; a key written twice keeps its last value, as in
   * {@link java.util.Properties}. The 1-based number of every line that is neither blank, a comment
   * nor {@code key=value} is added to {@code badLines}.
   */
  static Map<String, String> parse(String text, List<Integer> badLines) {
    Map<String, String> entries = new LinkedHashMap<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        // A byte order mark that an editor on Windows put there is not part of the first key.
        line = line.substring(1).strip();
      }
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        badLines.add(i + 1);
        continue;
      }
      entries.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    return entries;
  }
}
