package dev.rebound.agent.metrics;

import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;
import dev.rebound.api.StreamError;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns log entries into JSON lines (SPEC §6) and writes them to the sink. Writes exactly the
 * fields of SPEC §6 and nothing else. Confined to the writer thread.
 */
final class RecordWriter {

  // Each record is encoded here first, so that a record that cannot be encoded is skipped whole
  // instead of leaving half a line in the log.
  private final JsonLine line = new JsonLine();
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
    try {
      encode(line.reset(), entry);
    } catch (RuntimeException e) {
      // Encoding into memory fails only on content, never on I/O: skip this one record.
      return false;
    }
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

  private static void encode(JsonLine json, LogEntry entry) {
    json.startObject();
    if (entry instanceof LogEntry.Call) {
      writeCall(json, ((LogEntry.Call) entry).record());
    } else if (entry instanceof Summary) {
      SummaryEncoder.write(json, (Summary) entry);
    } else if (entry instanceof LogEntry.Breaker) {
      writeBreaker(json, (LogEntry.Breaker) entry);
    } else {
      writeStart(json, (LogEntry.Start) entry);
    }
    json.endObject();
  }

  private static void writeStart(JsonLine json, LogEntry.Start start) {
    json.text("type", "start");
    json.text("ts", JsonFields.timestamp(start.tsMillis()));
    json.text("version", start.version());
    json.text("jvm", start.jvm());
    json.startArray("clients");
    for (String client : start.clients()) {
      json.element(client);
    }
    json.endArray();
    json.startObject("config");
    // Sorted by key, so that the line reads the same on every start.
    for (Map.Entry<String, String> setting : new TreeMap<>(start.config()).entrySet()) {
      json.text(setting.getKey(), setting.getValue());
    }
    json.endObject();
  }

  private static void writeCall(JsonLine json, CallRecord call) {
    json.text("type", "call");
    json.text("ts", JsonFields.timestamp(call.timestamp()));
    json.text("client", call.client());
    json.text("host", call.host());
    json.text("path", call.path());
    json.bool("stream", call.stream());
    json.text("model_requested", call.modelRequested());
    json.text("model_used", call.modelUsed());
    json.text("outcome", call.outcome().wireName());
    json.number("status", call.status());
    json.millis("total_ms", call.totalMillis());
    json.millis("wait_ms", call.waitMillis());
    json.startArray("attempts");
    for (AttemptRecord attempt : call.attempts()) {
      writeAttempt(json, attempt);
    }
    json.endArray();
    StreamError streamError = call.streamError();
    if (streamError != null) {
      json.startObject("stream_error");
      json.text("class", streamError.classification().name());
      json.number("after_bytes", streamError.afterBytes());
      json.endObject();
    }
  }

  private static void writeAttempt(JsonLine json, AttemptRecord attempt) {
    json.startObject();
    json.text("model", attempt.model());
    json.number("status", attempt.status());
    json.text("class", attempt.classification().name());
    // provider, wait_ms and error_in_body appear only when they say something (SPEC §6 example).
    if (attempt.provider() != null) {
      json.text("provider", attempt.provider());
    }
    json.millis("ms", attempt.millis());
    if (attempt.waitMillis() > 0) {
      json.millis("wait_ms", attempt.waitMillis());
    }
    if (attempt.errorInBody()) {
      json.bool("error_in_body", true);
    }
    json.endObject();
  }

  private static void writeBreaker(JsonLine json, LogEntry.Breaker breaker) {
    json.text("type", "breaker");
    json.text("ts", JsonFields.timestamp(breaker.tsMillis()));
    json.text("host", breaker.host());
    json.text("model", breaker.model());
    json.text("state", breaker.state());
    if (breaker.until() != null) {
      json.text("until", JsonFields.timestamp(breaker.until()));
    }
  }
}
