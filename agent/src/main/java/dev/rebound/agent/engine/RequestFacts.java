package dev.rebound.agent.engine;

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
    TopMembers top = new TopMembers(body);
    String bodyModel = null;
    boolean stream = geminiStream;
    if (JsonMembers.members(body, 0, body.length, top) >= 0) {
      bodyModel =
          top.modelStart < 0 ? null : JsonMembers.decodeString(body, top.modelStart, top.modelEnd);
      stream = top.stream || geminiStream;
    }
    if (pathModel != null) {
      return new RequestFacts(pathModel, true, stream);
    }
    return new RequestFacts(bodyModel, false, stream);
  }

  /**
   * The top-level {@code model} and {@code stream} of a body, found without decoding any other key
   * or value: this runs on every managed call. The last duplicate wins, as in most JSON parsers.
   */
  private static final class TopMembers implements JsonMembers.MemberVisitor {
    private final byte[] body;
    private int modelStart = -1;
    private int modelEnd;
    private boolean stream;

    TopMembers(byte[] body) {
      this.body = body;
    }

    @Override
    public void member(int keyStart, int keyEnd, int valueStart, int valueEnd) {
      if (body[valueStart] == '"' && JsonMembers.keyIs(body, keyStart, keyEnd, "model")) {
        modelStart = valueStart;
        modelEnd = valueEnd;
      } else if (JsonMembers.keyIs(body, keyStart, keyEnd, "stream")) {
        stream = isTrue(body, valueStart, valueEnd);
      }
    }
  }

  private static boolean isTrue(byte[] b, int start, int end) {
    return end - start == 4
        && b[start] == 't'
        && b[start + 1] == 'r'
        && b[start + 2] == 'u'
        && b[start + 3] == 'e';
  }
}
