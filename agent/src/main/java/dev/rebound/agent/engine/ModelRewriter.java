package dev.rebound.agent.engine;

import dev.rebound.agent.engine.JsonMembers.Member;
import dev.rebound.agent.engine.JsonMembers.ObjectSpan;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The one place that rewrites a request for another attempt (SPEC §4): the top-level {@code model}
 * value, OpenRouter's {@code provider.ignore}, or the model segment of a Gemini or Azure path.
 * Every other byte stays as it was: values are spliced, never parsed and re-serialised. Stateless.
 */
final class ModelRewriter {
  private static final String GEMINI_MODELS = "/models/";
  private static final String AZURE_DEPLOYMENTS = "/openai/deployments/";

  private ModelRewriter() {}

  /**
   * The body with every top-level {@code "model"} string replaced (a duplicated key is rewritten in
   * each place, so no parser can read the old one); null when the body has no top-level string
   * model. Nested {@code "model"} keys (in messages, tools) are untouched.
   */
  static byte[] withModel(byte[] body, String model) {
    ObjectSpan top = JsonMembers.object(body, 0, body.length);
    if (top == null) {
      return null;
    }
    byte[] encoded = JsonMembers.encodeString(model);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + encoded.length);
    int copied = 0;
    for (Member m : top.members()) {
      if (m.key().equals("model") && body[m.valueStart()] == '"') {
        out.write(body, copied, m.valueStart() - copied);
        out.writeBytes(encoded);
        copied = m.valueEnd();
      }
    }
    if (copied == 0) {
      return null;
    }
    out.write(body, copied, body.length - copied);
    return out.toByteArray();
  }

  /**
   * The body with {@code provider} added to OpenRouter's {@code provider.ignore}: the array is
   * extended (never replaced), a missing {@code ignore} or {@code provider} is inserted, and {@code
   * order}/{@code only} stay as they are. Null when it cannot be done (no JSON object, a {@code
   * provider} or {@code ignore} that is not an object or array).
   */
  static byte[] withIgnoredProvider(byte[] body, String provider) {
    ObjectSpan top = JsonMembers.object(body, 0, body.length);
    if (top == null) {
      return null;
    }
    byte[] name = JsonMembers.encodeString(provider);
    Member providerMember = last(top.members(), "provider");
    if (providerMember == null) {
      String member = "\"provider\":{\"ignore\":[" + utf8(name) + "]}";
      return insertMember(body, top, member);
    }
    ObjectSpan providerObject =
        JsonMembers.object(body, providerMember.valueStart(), providerMember.valueEnd());
    if (providerObject == null) {
      return null;
    }
    Member ignore = last(providerObject.members(), "ignore");
    if (ignore == null) {
      return insertMember(body, providerObject, "\"ignore\":[" + utf8(name) + "]");
    }
    return appendToArray(body, ignore, provider, name);
  }

  private static byte[] appendToArray(byte[] body, Member array, String provider, byte[] name) {
    if (body[array.valueStart()] != '[') {
      return null;
    }
    List<int[]> elements = JsonMembers.arrayElements(body, array.valueStart(), array.valueEnd());
    if (elements == null) {
      return null;
    }
    for (int[] e : elements) {
      if (provider.equals(JsonMembers.decodeString(body, e[0], e[1]))) {
        return body;
      }
    }
    int close = array.valueEnd() - 1;
    byte[] insert = elements.isEmpty() ? name : concat(new byte[] {','}, name);
    return splice(body, close, insert);
  }

  private static byte[] insertMember(byte[] body, ObjectSpan object, String member) {
    String text = object.members().isEmpty() ? member : member + ",";
    return splice(body, object.open() + 1, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The model named in a Gemini or Azure OpenAI path, or null when the path names none. */
  static String modelInPath(String path) {
    int[] span = pathModelSpan(path);
    return span == null ? null : path.substring(span[0], span[1]);
  }

  /** The path with its model segment replaced; the caller knows {@link #modelInPath} is set. */
  static String pathWithModel(String path, String model) {
    int[] span = pathModelSpan(path);
    return path.substring(0, span[0]) + model + path.substring(span[1]);
  }

  private static int[] pathModelSpan(String path) {
    int azure = path.indexOf(AZURE_DEPLOYMENTS);
    if (azure >= 0) {
      int start = azure + AZURE_DEPLOYMENTS.length();
      int end = path.indexOf('/', start);
      return spanIfNonEmpty(start, end < 0 ? path.length() : end);
    }
    // Gemini: /v1beta/models/gemini-2.5-pro:generateContent (or :streamGenerateContent).
    int models = path.lastIndexOf(GEMINI_MODELS);
    if (models >= 0) {
      int start = models + GEMINI_MODELS.length();
      int end = path.indexOf(':', start);
      if (end > 0 && path.indexOf('/', start) < 0) {
        return spanIfNonEmpty(start, end);
      }
    }
    return null;
  }

  private static int[] spanIfNonEmpty(int start, int end) {
    return end > start ? new int[] {start, end} : null;
  }

  private static Member last(List<Member> members, String key) {
    Member found = null;
    for (Member m : members) {
      if (m.key().equals(key)) {
        found = m;
      }
    }
    return found;
  }

  private static byte[] splice(byte[] body, int at, byte[] insert) {
    byte[] out = new byte[body.length + insert.length];
    System.arraycopy(body, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(body, at, out, at + insert.length, body.length - at);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return splice(a, a.length, b);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
