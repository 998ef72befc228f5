package dev.rebound.agent.instrument.apache5async.adapter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.RequestChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Reads what a request producer would send, without a connection: its request head through a
 * capturing {@link RequestChannel}, and its body through a capturing {@link DataStreamChannel}: all
 * of an in-memory producer's (which is then reset), or a one-shot producer's up to a limit, for as
 * long as it hands bytes over at once. Confined to the calling thread.
 */
final class CapturedRequest {
  /** A producer that makes no progress for this many turns is given up on. */
  private static final int MAX_IDLE_TURNS = 4;

  final HttpRequest head;
  final EntityDetails entity;

  private CapturedRequest(HttpRequest head, EntityDetails entity) {
    this.head = head;
    this.entity = entity;
  }

  /** The head the producer sends at once, or null when it sends none synchronously. */
  static CapturedRequest head(AsyncRequestProducer producer, HttpContext context)
      throws HttpException, IOException {
    CapturedRequest[] captured = new CapturedRequest[1];
    RequestChannel channel =
        (request, entity, c) -> captured[0] = new CapturedRequest(request, entity);
    producer.sendRequest(channel, context);
    return captured[0];
  }

  /**
   * The body of an in-memory entity producer, then reset so that it can still be sent as it is;
   * null when it does not write its whole body at once.
   */
  static byte[] body(AsyncEntityProducer producer) throws IOException {
    try {
      ReadAhead read = readAhead(producer, Long.MAX_VALUE);
      return read.complete() ? read.bytes() : null;
    } finally {
      producer.releaseResources();
    }
  }

  /**
   * What a producer hands over at once, up to {@code limit} bytes (SPEC §2: a one-shot body is read
   * ahead up to {@code rebound.max-request-body}). Complete when the producer ended its stream
   * within the limit; otherwise {@code bytes} are what it gave (at most one byte past the limit),
   * and the producer holds the rest.
   */
  static ReadAhead readAhead(AsyncEntityProducer producer, long limit) throws IOException {
    BodyChannel channel = new BodyChannel(limit == Long.MAX_VALUE ? limit : limit + 1);
    int idle = 0;
    while (!channel.ended && idle < MAX_IDLE_TURNS && channel.out.size() <= limit) {
      int before = channel.out.size();
      producer.produce(channel);
      idle = channel.out.size() == before ? idle + 1 : 0;
    }
    return new ReadAhead(channel.out.toByteArray(), channel.ended && channel.out.size() <= limit);
  }

  /** The bytes read ahead, and whether they are the whole body. */
  record ReadAhead(byte[] bytes, boolean complete) {}

  /** Takes the bytes offered, up to its capacity. */
  private static final class BodyChannel implements DataStreamChannel {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final long capacity;
    boolean ended;

    BodyChannel(long capacity) {
      this.capacity = capacity;
    }

    @Override
    public void requestOutput() {
      // The capture loop asks again by itself.
    }

    @Override
    public int write(ByteBuffer src) {
      int n = (int) Math.min(src.remaining(), capacity - out.size());
      byte[] bytes = new byte[n];
      src.get(bytes);
      out.write(bytes, 0, n);
      return n;
    }

    @Override
    public void endStream() {
      ended = true;
    }

    @Override
    public void endStream(List<? extends Header> trailers) {
      ended = true;
    }
  }
}
