package dev.rebound.agent.engine;

import dev.rebound.agent.engine.JsonMembers.Member;
import dev.rebound.agent.engine.JsonMembers.ObjectSpan;

/**
 * What the engine reads from a request before its first attempt: the requested model, where it
 * lives (body or path), and whether a stream is asked for. Immutable.
 *
 * @param model the requested model, or null when the request names none
 * @param modelInPath true for Gemini and Azure paths, where a fallback rewrites the path
 * @param stream true for {@code "stream": true} or Gemini's {@code :streamGenerateContent}
 */
record RequestFacts(String model, boolean modelInPath, boolean stream) {

  static RequestFacts of(String path, byte[] body) {
    boolean geminiStream = path.contains(":streamGenerateContent");
    String pathModel = ModelRewriter.modelInPath(path);
    ObjectSpan top = JsonMembers.object(body, 0, body.length);
    String bodyModel = null;
    boolean stream = geminiStream;
    if (top != null) {
      for (Member m : top.members()) {
        if (m.key().equals("model") && body[m.valueStart()] == '"') {
          // The last duplicate wins, as in most JSON parsers.
          bodyModel = JsonMembers.decodeString(body, m.valueStart(), m.valueEnd());
        } else if (m.key().equals("stream")) {
          stream = isTrue(body, m.valueStart(), m.valueEnd()) || geminiStream;
        }
      }
    }
    if (pathModel != null) {
      return new RequestFacts(pathModel, true, stream);
    }
    return new RequestFacts(bodyModel, false, stream);
  }

  private static boolean isTrue(byte[] b, int start, int end) {
    return end - start == 4
        && b[start] == 't'
        && b[start + 1] == 'r'
        && b[start + 2] == 'u'
        && b[start + 3] == 'e';
  }
}
