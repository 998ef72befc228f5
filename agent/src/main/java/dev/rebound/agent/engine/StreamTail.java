package dev.rebound.agent.engine;

import dev.rebound.agent.classify.Classifier;
import dev.rebound.api.Classification;
import dev.rebound.api.StreamError;
import java.util.Arrays;

/**
 * Watches a stream after it was released to the application: counts its bytes and notes the first
 * error event (SPEC §6 {@code stream_error}). The stream itself flows untouched; nothing is
 * retried. Only events that contain {@code "error"} are parsed. Confined to the thread reading the
 * stream.
 */
public final class StreamTail {
  /** An event longer than this is not judged: it is content, and holding it would cost memory. */
  private static final int MAX_EVENT = Exchange.PEEK_LIMIT;

  private static final byte[] ERROR = "\"error\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final Classifier classifier;
  private final String model;
  private byte[] pending = new byte[1024];
  private int pendingLength;
  private long judgedBytes;
  private boolean skippingLongEvent;
  private StreamError error;

  public StreamTail(Classifier classifier, String model) {
    this.classifier = classifier;
    this.model = model;
  }

  /** The application read these bytes. */
  public void onBytes(byte[] bytes, int offset, int length) {
    if (error != null) {
      judgedBytes += length;
      return;
    }
    append(bytes, offset, length);
    int start = 0;
    int end;
    while ((end = StreamGate.eventEnd(pending, start, pendingLength)) >= 0) {
      if (!skippingLongEvent && contains(pending, start, end, ERROR)) {
        StreamGate.Result r = StreamGate.judgeEvent(pending, start, end);
        if (r.state() == StreamGate.State.ERROR && error == null) {
          Classification c =
              classifier
                  .classifyStreamEvent(r.payload(), r.payload().length, model, 0)
                  .classification();
          error = new StreamError(c, judgedBytes + start);
        }
      }
      skippingLongEvent = false;
      start = end;
    }
    consume(start);
    if (pendingLength > MAX_EVENT) {
      skippingLongEvent = true;
      consume(pendingLength);
    }
  }

  /** The first error after content, or null. */
  public StreamError error() {
    return error;
  }

  private void append(byte[] bytes, int offset, int length) {
    if (pendingLength + length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
    }
    System.arraycopy(bytes, offset, pending, pendingLength, length);
    pendingLength += length;
  }

  private void consume(int count) {
    System.arraycopy(pending, count, pending, 0, pendingLength - count);
    pendingLength -= count;
    judgedBytes += count;
  }

  private static boolean contains(byte[] b, int start, int end, byte[] needle) {
    outer:
    for (int i = start; i <= end - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (b[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
