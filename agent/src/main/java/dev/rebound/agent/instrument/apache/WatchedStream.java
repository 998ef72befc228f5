package dev.rebound.agent.instrument.apache;

import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.StreamTail;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A released stream as the application reads it from a blocking Apache client: the bytes pass
 * through untouched while {@link StreamTail} watches for a late error; the call is recorded when
 * the stream ends or is closed. JDK types only: shared by the Apache 4.5 and 5 classic adapters.
 * Confined to the thread reading the stream.
 */
public final class WatchedStream extends FilterInputStream {
  private final StreamTail tail;
  private final CallResult.Deliver<?> deliver;

  public WatchedStream(InputStream in, StreamTail tail, CallResult.Deliver<?> deliver) {
    super(in);
    this.tail = tail;
    this.deliver = deliver;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n < 0) {
      deliver.streamEnded(tail.error());
    } else {
      tail.onBytes(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must still be watched: read them.
    byte[] buffer = new byte[(int) Math.min(n, 8192)];
    int read = read(buffer, 0, buffer.length);
    return Math.max(read, 0);
  }

  @Override
  public void close() throws IOException {
    // Recorded first: closing may throw, and the call happened either way.
    deliver.streamEnded(tail.error());
    super.close();
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
