package dev.rebound.agent.instrument.apache5async.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.junit.jupiter.api.Test;

/** How a one-shot entity producer is read ahead, and sent once when Rebound cannot manage it. */
class CapturedRequestTest {
  private static final byte[] BODY =
      ("{\"model\":\"m\",\"prompt\":\"" + "x".repeat(5000) + "\"}").getBytes(UTF_8);

  @Test
  void aBodyWithinTheLimitIsReadWholeAcrossManyProduceTurns() throws IOException {
    CapturedRequest.ReadAhead read = CapturedRequest.readAhead(new Trickle(BODY, 700), BODY.length);

    assertThat(read.complete()).isTrue();
    assertThat(read.bytes()).isEqualTo(BODY);
  }

  @Test
  void aBodyPastTheLimitStopsOneBytePastItAndIsThenSentOnceIntact() throws IOException {
    Trickle producer = new Trickle(BODY, 700);

    CapturedRequest.ReadAhead read = CapturedRequest.readAhead(producer, 2048);

    assertThat(read.complete()).isFalse();
    assertThat(read.bytes()).hasSize(2049);
    Sink sink = new Sink();
    PrefixedEntityProducer once = new PrefixedEntityProducer(read.bytes(), producer);
    while (!sink.ended) {
      once.produce(sink);
    }
    assertThat(sink.out.toByteArray()).isEqualTo(BODY);
  }

  @Test
  void aProducerThatGivesNothingAtOnceIsNotWaitedFor() throws IOException {
    CapturedRequest.ReadAhead read = CapturedRequest.readAhead(new Trickle(BODY, 0), 1 << 20);

    assertThat(read.complete()).isFalse();
    assertThat(read.bytes()).isEmpty();
  }

  /** Hands over {@code step} bytes per turn (none: a producer waiting for data from elsewhere). */
  private static final class Trickle implements AsyncEntityProducer {
    private final ByteBuffer bytes;
    private final int step;

    Trickle(byte[] bytes, int step) {
      this.bytes = ByteBuffer.wrap(bytes);
      this.step = step;
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
      ByteBuffer slice = bytes.duplicate();
      slice.limit(Math.min(bytes.limit(), bytes.position() + step));
      bytes.position(bytes.position() + channel.write(slice));
      if (!bytes.hasRemaining()) {
        channel.endStream();
      }
    }

    @Override
    public int available() {
      return bytes.remaining();
    }

    @Override
    public boolean isRepeatable() {
      return false;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public String getContentType() {
      return "application/json";
    }

    @Override
    public String getContentEncoding() {
      return null;
    }

    @Override
    public boolean isChunked() {
      return true;
    }

    @Override
    public Set<String> getTrailerNames() {
      return null;
    }

    @Override
    public void failed(Exception cause) {}

    @Override
    public void releaseResources() {}
  }

  /** A connection that takes at most 1000 bytes per write. */
  private static final class Sink implements DataStreamChannel {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean ended;

    @Override
    public void requestOutput() {}

    @Override
    public int write(ByteBuffer src) {
      int n = Math.min(1000, src.remaining());
      byte[] b = new byte[n];
      src.get(b);
      out.write(b, 0, n);
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
