package dev.rebound.agent.engine;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;

/**
 * Decides when a server-sent-event stream may be released to the application (SPEC §4 "Streaming"):
 * its first events are held until one carries content (a non-empty text, reasoning or tool-call
 * delta), an error, or a finish reason. Comments ({@code : OPENROUTER PROCESSING}), role-only
 * chunks, Anthropic's {@code message_start}/{@code ping} are held. Adapters feed the bytes received
 * so far; nothing is consumed. Stateless and thread-safe.
 */
public final class StreamGate {
  /** What the adapter does with the stream. */
  public enum State {
    /** Not yet decided: read more bytes and scan again. */
    HOLD,
    /** Content (or the end) came first: give the application everything from the first byte. */
    RELEASE,
    /** An error came before any content: the attempt failed; {@link Result#payload()} says why. */
    ERROR
  }

  /** The gate's answer; {@code payload} is the error event's data, only for {@link State#ERROR}. */
  public record Result(State state, byte[] payload) {
    static final Result HOLD = new Result(State.HOLD, null);
    static final Result RELEASE = new Result(State.RELEASE, null);
  }

  // Keys whose non-empty string value is content the application would show: OpenAI/OpenRouter
  // chat deltas, Anthropic text/JSON deltas, Gemini parts, the OpenAI Responses API's deltas.
  private static final Set<String> CONTENT_KEYS =
      Set.of("content", "text", "partial_json", "delta", "reasoning", "arguments", "thinking");
  private static final Set<String> FINISH_KEYS =
      Set.of("finish_reason", "stop_reason", "finishReason");
  private static final JsonFactory JSON = new JsonFactory();

  private StreamGate() {}

  /**
   * Scans the first {@code length} bytes of a stream.
   *
   * @param eof true when the stream ended after these bytes: an undecided stream is then released
   */
  public static Result scan(byte[] bytes, int length, boolean eof) {
    int p = 0;
    while (true) {
      int end = eventEnd(bytes, p, length);
      if (end < 0) {
        break;
      }
      Result r = judgeEvent(bytes, p, end);
      if (r.state() != State.HOLD) {
        return r;
      }
      p = end;
    }
    // Holding more than a peek's worth would delay the application for nothing we can judge.
    return eof || length >= Exchange.PEEK_LIMIT ? Result.RELEASE : Result.HOLD;
  }

  /** The offset just past the blank line that ends the event starting at {@code p}, or -1. */
  static int eventEnd(byte[] b, int p, int length) {
    for (int i = p; i < length; i++) {
      if (b[i] != '\n') {
        continue;
      }
      if (i + 1 < length && b[i + 1] == '\n') {
        return i + 2;
      }
      if (i + 2 < length && b[i + 1] == '\r' && b[i + 2] == '\n') {
        return i + 3;
      }
    }
    return -1;
  }

  /** Judges the one event spanning {@code [start, end)}. */
  static Result judgeEvent(byte[] b, int start, int end) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    boolean errorEvent = false;
    int line = start;
    while (line < end) {
      int eol = line;
      while (eol < end && b[eol] != '\n') {
        eol++;
      }
      int lineEnd = eol > line && b[eol - 1] == '\r' ? eol - 1 : eol;
      if (startsWith(b, line, lineEnd, "data:")) {
        int from = line + 5 < lineEnd && b[line + 5] == ' ' ? line + 6 : line + 5;
        if (data.size() > 0) {
          data.write('\n');
        }
        data.write(b, from, lineEnd - from);
      } else if (startsWith(b, line, lineEnd, "event:")) {
        errorEvent = new String(b, line + 6, lineEnd - line - 6, UTF_8).trim().equals("error");
      }
      line = eol + 1;
    }
    if (data.size() == 0) {
      // A comment or an event without data: OpenRouter's keep-alive, for instance.
      return Result.HOLD;
    }
    byte[] payload = data.toByteArray();
    if (errorEvent) {
      return new Result(State.ERROR, payload);
    }
    return judgePayload(payload);
  }

  private static Result judgePayload(byte[] payload) {
    if (new String(payload, UTF_8).trim().equals("[DONE]")) {
      return Result.RELEASE;
    }
    boolean content = false;
    try (JsonParser parser = JSON.createParser(payload)) {
      String field = null;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        // The depth of the object holding the current field: a struct start has already entered
        // its own context, one level deeper.
        int depth = parser.getParsingContext().getNestingDepth() - (token.isStructStart() ? 1 : 0);
        if (token == JsonToken.FIELD_NAME) {
          field = parser.currentName();
          continue;
        }
        if (field == null) {
          continue;
        }
        if (isError(field, token, parser, depth)) {
          return new Result(State.ERROR, payload);
        }
        content |= isContent(field, token, parser);
        if (!token.isStructStart()) {
          field = null;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not JSON we understand: nothing to judge, so do not hold the application back.
      return Result.RELEASE;
    }
    return content ? Result.RELEASE : Result.HOLD;
  }

  private static boolean isError(String field, JsonToken token, JsonParser parser, int depth)
      throws IOException {
    if (field.equals("error") && depth == 1 && token != JsonToken.VALUE_NULL) {
      return true;
    }
    boolean text = token == JsonToken.VALUE_STRING;
    if (text && depth == 1 && field.equals("type")) {
      String type = parser.getText();
      return type.equals("error") || type.equals("response.failed");
    }
    return text && FINISH_KEYS.contains(field) && parser.getText().equals("error");
  }

  private static boolean isContent(String field, JsonToken token, JsonParser parser)
      throws IOException {
    if (token == JsonToken.START_OBJECT) {
      // The first element of a tool-call delta: the model has started a call.
      return field.equals("tool_calls");
    }
    if (token != JsonToken.VALUE_STRING) {
      return false;
    }
    String text = parser.getText();
    return FINISH_KEYS.contains(field)
        || (CONTENT_KEYS.contains(field) && !text.isEmpty())
        || (field.equals("type") && text.equals("tool_use"));
  }

  private static boolean startsWith(byte[] b, int from, int to, String prefix) {
    if (to - from < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (b[from + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
