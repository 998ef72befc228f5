package dev.rebound.agent.classify;

import dev.rebound.agent.json.JsonScan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells, without parsing, that a 2xx body cannot report an error: every signal {@link
 * ErrorBodyReader} reads in a 2xx is a JSON string equal to one of a few words (the key {@code
 * "error"}, a {@code finish_reason} of {@code "error"} or {@code "content_filter"}, Gemini's {@code
 * "blockReason"} or a blocking {@code finishReason}). A body in which no string is one of them is a
 * success, and most successes are told so by one pass over their bytes instead of a parse.
 * Stateless and thread-safe.
 */
final class ErrorTokens {
  /** Each word with its closing quote: a match is a whole JSON string, not a word in a text. */
  private static final byte[][] WORDS = words();

  /** Which bytes start a word: most strings of a body are rejected on their first byte. */
  private static final boolean[] FIRST = firstBytes();

  private ErrorTokens() {}

  /**
   * False when no JSON string of the body (as far as {@link ErrorBodyReader} reads it) is one of
   * the words; true when one may be.
   */
  static boolean mayReportError(byte[] body, int length) {
    int n = Math.min(Math.min(length, body.length), ErrorBodyReader.MAX_BODY);
    // Every word ends with a quote, so none can start at the last byte.
    int i = 0;
    while ((i = JsonScan.quote(body, i, n - 1)) >= 0) {
      byte next = body[i + 1];
      if (next >= 0 && FIRST[next] && startsWord(body, n, i + 1)) {
        return true;
      }
      i++;
    }
    return false;
  }

  private static boolean startsWord(byte[] body, int length, int at) {
    byte first = body[at];
    for (byte[] word : WORDS) {
      if (word[0] == first && at + word.length <= length && matches(body, at, word)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(byte[] body, int at, byte[] word) {
    for (int j = 1; j < word.length; j++) {
      if (body[at + j] != word[j]) {
        return false;
      }
    }
    return true;
  }

  private static boolean[] firstBytes() {
    boolean[] first = new boolean[128];
    for (byte[] word : WORDS) {
      first[word[0]] = true;
    }
    return first;
  }

  private static byte[][] words() {
    List<String> words = new ArrayList<>(List.of("error", "content_filter", "blockReason"));
    words.addAll(GeminiSignals.BLOCKING_FINISH);
    byte[][] out = new byte[words.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = (words.get(i) + "\"").getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }
}
