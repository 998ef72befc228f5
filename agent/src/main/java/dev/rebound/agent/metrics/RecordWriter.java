package dev.rebound.agent.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;
import dev.rebound.api.StreamError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Turns log entries into JSON lines (SPEC §6) and writes them to the sink. Writes exactly the
 * fields of SPEC §6 and nothing else. Confined to the writer thread.
 */
final class RecordWriter {

  private final JsonFactory json = new JsonFactory();
  // Each record is encoded here first, so that a record that cannot be encoded is skipped whole
  // instead of leaving half a line in the log.
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
  private final OutputStream sink;
  private final boolean closeSink;

  /**
   * @param sink where lines go; buffered by the caller
   * @param closeSink false for a stream Rebound does not own (stderr)
   */
  RecordWriter(OutputStream sink, boolean closeSink) {
    this.sink = sink;
    this.closeSink = closeSink;
  }

  /**
   * Writes one line. Returns false when the entry could not be encoded, which skips it; throws only
   * when the sink fails.
   */
  boolean write(LogEntry entry) throws IOException {
    line.reset();
    try (JsonGenerator generator = json.createGenerator(line)) {
      encode(generator, entry);
    } catch (IOException | RuntimeException e) {
      // Encoding into memory fails only on content, never on I/O: skip this one record.
      return false;
    }
    line.write('\n');
    line.writeTo(sink);
    return true;
  }

  void flush() throws IOException {
    sink.flush();
  }

  /** Flushes and, when Rebound owns the sink, closes it, even if the flush fails. */
  void close() throws IOException {
    if (closeSink) {
      sink.close();
    } else {
      sink.flush();
    }
  }

  private static void encode(JsonGenerator json, LogEntry entry) throws IOException {
    json.writeStartObject();
    if (entry instanceof LogEntry.Call) {
      writeCall(json, ((LogEntry.Call) entry).record());
    } else if (entry instanceof Summary) {
      SummaryEncoder.write(json, (Summary) entry);
    } else if (entry instanceof LogEntry.Breaker) {
      writeBreaker(json, (LogEntry.Breaker) entry);
    } else {
      writeStart(json, (LogEntry.Start) entry);
    }
    json.writeEndObject();
  }

  private static void writeStart(JsonGenerator json, LogEntry.Start start) throws IOException {
    json.writeStringField("type", "start");
    json.writeStringField("ts", JsonFields.timestamp(start.tsMillis()));
    JsonFields.text(json, "version", start.version());
    JsonFields.text(json, "jvm", start.jvm());
    json.writeArrayFieldStart("clients");
    for (String client : start.clients()) {
      json.writeString(client == null ? null : JsonFields.wellFormed(client));
    }
    json.writeEndArray();
    json.writeObjectFieldStart("config");
    for (Map.Entry<String, String> setting : start.config().entrySet()) {
      JsonFields.text(json, JsonFields.wellFormed(setting.getKey()), setting.getValue());
    }
    json.writeEndObject();
  }

  private static void writeCall(JsonGenerator json, CallRecord call) throws IOException {
    json.writeStringField("type", "call");
    json.writeStringField("ts", JsonFields.timestamp(call.timestamp()));
    JsonFields.text(json, "client", call.client());
    JsonFields.text(json, "host", call.host());
    JsonFields.text(json, "path", call.path());
    json.writeBooleanField("stream", call.stream());
    JsonFields.text(json, "model_requested", call.modelRequested());
    JsonFields.text(json, "model_used", call.modelUsed());
    json.writeStringField("outcome", call.outcome().wireName());
    json.writeNumberField("status", call.status());
    JsonFields.millis(json, "total_ms", call.totalMillis());
    JsonFields.millis(json, "wait_ms", call.waitMillis());
    json.writeArrayFieldStart("attempts");
    for (AttemptRecord attempt : call.attempts()) {
      writeAttempt(json, attempt);
    }
    json.writeEndArray();
    StreamError streamError = call.streamError();
    if (streamError != null) {
      json.writeObjectFieldStart("stream_error");
      json.writeStringField("class", streamError.classification().name());
      json.writeNumberField("after_bytes", streamError.afterBytes());
      json.writeEndObject();
    }
  }

  private static void writeAttempt(JsonGenerator json, AttemptRecord attempt) throws IOException {
    json.writeStartObject();
    JsonFields.text(json, "model", attempt.model());
    json.writeNumberField("status", attempt.status());
    json.writeStringField("class", attempt.classification().name());
    // provider, wait_ms and error_in_body appear only when they say something (SPEC §6 example).
    if (attempt.provider() != null) {
      JsonFields.text(json, "provider", attempt.provider());
    }
    JsonFields.millis(json, "ms", attempt.millis());
    if (attempt.waitMillis() > 0) {
      JsonFields.millis(json, "wait_ms", attempt.waitMillis());
    }
    if (attempt.errorInBody()) {
      json.writeBooleanField("error_in_body", true);
    }
    json.writeEndObject();
  }

  private static void writeBreaker(JsonGenerator json, LogEntry.Breaker breaker)
      throws IOException {
    json.writeStringField("type", "breaker");
    json.writeStringField("ts", JsonFields.timestamp(breaker.tsMillis()));
    JsonFields.text(json, "host", breaker.host());
    JsonFields.text(json, "model", breaker.model());
    json.writeStringField("state", breaker.state());
    if (breaker.until() != null) {
      json.writeStringField("until", JsonFields.timestamp(breaker.until()));
    }
  }
}
