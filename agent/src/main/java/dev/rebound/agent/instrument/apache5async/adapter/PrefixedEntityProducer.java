package dev.rebound.agent.instrument.apache5async.adapter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * A one-shot body Rebound started reading and did not manage (past {@code
 * rebound.max-request-body}, or no more bytes at once): the bytes already read, then the rest from
 * the application's producer, so that the body goes once, intact (SPEC §2). Its head is the
 * application's, so its declared length and type stay as they were. Used by one exchange.
 */
final class PrefixedEntityProducer implements AsyncEntityProducer {
  private final ByteBuffer prefix;
  private final AsyncEntityProducer rest;

  PrefixedEntityProducer(byte[] prefix, AsyncEntityProducer rest) {
    this.prefix = ByteBuffer.wrap(prefix);
    this.rest = rest;
  }

  @Override
  public void produce(DataStreamChannel channel) throws IOException {
    if (prefix.hasRemaining()) {
      channel.write(prefix);
      if (prefix.hasRemaining()) {
        channel.requestOutput();
        return;
      }
    }
    rest.produce(channel);
  }

  @Override
  public int available() {
    return prefix.hasRemaining() ? prefix.remaining() : rest.available();
  }

  @Override
  public boolean isRepeatable() {
    return false;
  }

  @Override
  public long getContentLength() {
    return rest.getContentLength();
  }

  @Override
  public String getContentType() {
    return rest.getContentType();
  }

  @Override
  public String getContentEncoding() {
    return rest.getContentEncoding();
  }

  @Override
  public boolean isChunked() {
    return rest.isChunked();
  }

  @Override
  public Set<String> getTrailerNames() {
    return rest.getTrailerNames();
  }

  @Override
  public void failed(Exception cause) {
    rest.failed(cause);
  }

  @Override
  public void releaseResources() {
    rest.releaseResources();
  }
}
