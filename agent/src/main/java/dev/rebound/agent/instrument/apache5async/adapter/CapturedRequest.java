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
 * capturing {@link RequestChannel}, and its body through a capturing {@link DataStreamChannel}.
 * Used only on producers known to hand both over at once (HttpCore's in-memory ones). Confined to the
 * calling thread.
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
    RequestChannel channel = (request, entity, c) -> captured[0] = new CapturedRequest(request, entity);
    producer.sendRequest(channel, context);
    return captured[0];
  }

  /**
   * The body of an in-memory entity producer, then reset so that it can still be sent as it is; null
   * when it does not write its whole body at once.
   */
  static byte[] body(AsyncEntityProducer producer) throws IOException {
    BodyChannel channel = new BodyChannel();
    int idle = 0;
    try {
      while (!channel.ended && idle < MAX_IDLE_TURNS) {
        int before = channel.out.size();
        producer.produce(channel);
        idle = channel.out.size() == before ? idle + 1 : 0;
      }
    } finally {
      producer.releaseResources();
    }
    return channel.ended ? channel.out.toByteArray() : null;
  }

  /** Takes every byte offered. */
  private static final class BodyChannel implements DataStreamChannel {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean ended;

    @Override
    public void requestOutput() {
      // The capture loop asks again by itself.
    }

    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
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
