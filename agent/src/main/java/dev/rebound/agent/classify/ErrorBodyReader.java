package dev.rebound.agent.classify;

import static dev.rebound.agent.classify.JsonValues.field;
import static dev.rebound.agent.classify.JsonValues.fieldOfCurrentObject;
import static dev.rebound.agent.classify.JsonValues.first;
import static dev.rebound.agent.classify.JsonValues.forEachObject;
import static dev.rebound.agent.classify.JsonValues.scalar;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/**
 * Reads the facts of an error body with jackson-core's streaming parser, without building a tree;
 * it decides nothing. Thread-safe: the factory is shared, each read has its own parser.
 *
 * <p>Never throws: a body that is empty, not JSON, truncated, invalid UTF-8, nested too deep or
 * carrying absurd numbers yields {@link ErrorBody#NONE}.
 */
final class ErrorBodyReader {

  /** SPEC §3: only the first 64 KiB of a body are read. */
  static final int MAX_BODY = 64 * 1024;

  /** Error bodies are shallow; a deeper document is not an error body worth reading. */
  private static final int MAX_NESTING = 200;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING)
                  .maxNumberLength(100)
                  .build())
          .build();

  private ErrorBodyReader() {}

  static ErrorBody read(byte[] body, int length) {
    int n = body == null ? 0 : Math.min(Math.min(length, body.length), MAX_BODY);
    if (n <= 0) {
      return ErrorBody.NONE;
    }
    ErrorBody facts = new ErrorBody();
    try (JsonParser p = FACTORY.createParser(body, 0, n)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_OBJECT) {
        readTop(p, facts);
      } else if (first == JsonToken.START_ARRAY) {
        readArrayForm(p, facts);
      } else {
        return ErrorBody.NONE;
      }
      return facts;
    } catch (IOException | RuntimeException e) {
      // Truncated or invalid JSON, invalid UTF-8, too deep, too long a number: no facts at all,
      // never half of them, so that a cut-off body cannot look like a different error.
      return ErrorBody.NONE;
    }
  }

  /** Gemini's array form {@code [{"error":{...}}]}: the first element that is an object. */
  private static void readArrayForm(JsonParser p, ErrorBody f) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      if (t == JsonToken.START_OBJECT && !f.hasError) {
        readTop(p, f);
      } else {
        p.skipChildren();
      }
    }
  }

  private static void readTop(JsonParser p, ErrorBody f) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "error" -> readErrorValue(p, value, f);
        case "message" -> f.topMessage = scalar(p);
        case "type" -> f.topType = scalar(p);
        case "code" -> f.topCode = scalar(p);
        case "error_type" -> f.errorType = first(f.errorType, scalar(p));
        case "provider" -> f.chunkProvider = scalar(p);
        case "choices" -> readChoices(p, f);
        case "candidates" -> readCandidates(p, f);
        case "promptFeedback" -> f.blockReason = field(p, "blockReason");
        default -> p.skipChildren();
      }
    }
  }

  private static void readErrorValue(JsonParser p, JsonToken value, ErrorBody f)
      throws IOException {
    if (value == JsonToken.START_OBJECT) {
      readError(p, f);
    } else if (value == JsonToken.VALUE_STRING) {
      // Fireworks and xAI send the error as a string.
      f.hasError = true;
      f.message = first(f.message, scalar(p));
    } else {
      p.skipChildren();
    }
  }

  private static void readError(JsonParser p, ErrorBody f) throws IOException {
    f.hasError = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "code" -> f.code = first(f.code, scalar(p));
        case "type" -> f.type = first(f.type, scalar(p));
        case "status" -> f.status = first(f.status, scalar(p));
        case "message" -> f.message = first(f.message, scalar(p));
        case "error_type" -> f.errorType = first(f.errorType, scalar(p));
        case "metadata" -> MetadataReader.read(p, f);
        case "availability" -> MetadataReader.readAvailability(p, f);
        case "innererror" -> MetadataReader.readInnerError(p, f);
        case "details" -> readDetails(p, value, f);
        default -> p.skipChildren();
      }
    }
  }

  /** Anthropic: an object with error_code; Gemini: an array of typed detail objects. */
  private static void readDetails(JsonParser p, JsonToken value, ErrorBody f) throws IOException {
    if (value == JsonToken.START_OBJECT) {
      f.detailsErrorCode = fieldOfCurrentObject(p, "error_code");
    } else if (value == JsonToken.START_ARRAY) {
      forEachObject(p, () -> MetadataReader.readGeminiDetail(p, f));
    } else {
      p.skipChildren();
    }
  }

  private static void readChoices(JsonParser p, ErrorBody f) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    forEachObject(p, () -> readChoice(p, f));
  }

  private static void readChoice(JsonParser p, ErrorBody f) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if ("finish_reason".equals(name)) {
        String reason = scalar(p);
        f.finishError |= "error".equals(reason);
        f.finishContentFilter |= "content_filter".equals(reason);
      } else if ("error".equals(name)) {
        readErrorValue(p, value, f);
      } else {
        p.skipChildren();
      }
    }
  }

  private static void readCandidates(JsonParser p, ErrorBody f) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    forEachObject(
        p,
        () ->
            f.candidateBlocked |=
                GeminiSignals.isBlockingFinish(fieldOfCurrentObject(p, "finishReason")));
  }
}
