package dev.rebound.agent.instrument.okhttp.adapter;

import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.StreamTail;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * A released stream as the application reads it: the bytes pass through untouched while {@link
 * StreamTail} watches for a late error; the call is recorded when the stream ends or is closed.
 * Confined to the thread reading the stream.
 */
final class WatchedStreamBody extends ResponseBody {
  private final ResponseBody delegate;
  private final StreamTail tail;
  private final CallResult.Deliver<OkHttpExchange> deliver;
  private final BufferedSource source;

  WatchedStreamBody(
      ResponseBody delegate, StreamTail tail, CallResult.Deliver<OkHttpExchange> deliver) {
    this.delegate = delegate;
    this.tail = tail;
    this.deliver = deliver;
    this.source = Okio.buffer(new Watcher(delegate.source()));
  }

  @Override
  public MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() {
    return delegate.contentLength();
  }

  @Override
  public BufferedSource source() {
    return source;
  }

  @Override
  public void close() {
    deliver.streamEnded(tail.error());
    super.close();
  }

  private final class Watcher extends ForwardingSource {
    Watcher(BufferedSource delegate) {
      super(delegate);
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      long start = sink.size();
      long n = super.read(sink, byteCount);
      if (n < 0) {
        deliver.streamEnded(tail.error());
        return n;
      }
      byte[] chunk = new byte[(int) n];
      sink.copyTo(
          new java.io.OutputStream() {
            int i;

            @Override
            public void write(int b) {
              chunk[i++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) {
              System.arraycopy(b, off, chunk, i, len);
              i += len;
            }
          },
          start,
          n);
      tail.onBytes(chunk, 0, (int) n);
      return n;
    }
  }
}
