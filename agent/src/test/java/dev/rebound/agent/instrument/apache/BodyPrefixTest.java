package dev.rebound.agent.instrument.apache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.engine.Exchange;
import dev.rebound.agent.engine.Peek;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What the blocking Apache adapters read of a body, and that the application still reads it all.
 */
class BodyPrefixTest {

  @Test
  void aSmallBodyIsReadToItsEndAndReadAgainWhole() throws IOException {
    byte[] body = "{\"error\":{\"code\":503}}".getBytes(UTF_8);
    InputStream in = new ByteArrayInputStream(body);

    BodyPrefix prefix = BodyPrefix.read(in, Exchange.PEEK_LIMIT, -1);

    assertThat(prefix.ended()).isTrue();
    assertThat(Arrays.copyOf(prefix.peek().bytes(), prefix.peek().length())).isEqualTo(body);
    assertThat(prefix.followedBy(in).readAllBytes()).isEqualTo(body);
  }

  @Test
  void aLargeBodyIsPeekedAtItsFirst64KiBAndTheApplicationGetsEveryByte() throws IOException {
    byte[] body = new byte[Exchange.PEEK_LIMIT * 3 + 17];
    Arrays.fill(body, (byte) 'x');
    InputStream in = new TrickleStream(body, 1000);

    BodyPrefix prefix = BodyPrefix.read(in, Exchange.PEEK_LIMIT, -1);

    assertThat(prefix.ended()).isFalse();
    assertThat(prefix.peek().length()).isEqualTo(Exchange.PEEK_LIMIT);
    assertThat(prefix.followedBy(in).readAllBytes()).isEqualTo(body);
  }

  @Test
  void aDeclaredLengthThatIsWrongStillGivesTheApplicationEveryByte() throws IOException {
    byte[] body = new byte[5000];
    Arrays.fill(body, (byte) 'y');
    for (long declared : new long[] {0, 10, 4999, 5000, 6000}) {
      InputStream in = new TrickleStream(body, 700);

      BodyPrefix prefix = BodyPrefix.read(in, Exchange.PEEK_LIMIT, declared);

      assertThat(prefix.ended()).isTrue();
      assertThat(prefix.followedBy(in).readAllBytes()).isEqualTo(body);
    }
  }

  @Test
  void aStreamIsHeldOnlyUntilItsFirstContentEvent() throws IOException {
    String first =
        ": OPENROUTER PROCESSING\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n";
    String rest = "data: {\"choices\":[{\"delta\":{\"content\":\" there\"}}]}\n\ndata: [DONE]\n\n";
    InputStream in = new TrickleStream((first + rest).getBytes(UTF_8), first.length());

    BodyPrefix prefix = BodyPrefix.readEvents(in);

    assertThat(prefix.length()).isEqualTo(first.length());
    assertThat(prefix.peek()).isEqualTo(Peek.body(prefix.bytes(), prefix.length()));
    assertThat(new String(prefix.followedBy(in).readAllBytes(), UTF_8)).isEqualTo(first + rest);
  }

  @Test
  void anErrorEventBeforeContentIsTheStreamsPeek() throws IOException {
    // OpenRouter's mid-stream error chunk, as recorded in
    // bodies/openrouter/stream-error-chunk-server.json.
    String events =
        "data: {\"id\":\"gen-1\",\"error\":{\"code\":500,\"message\":\"Internal Server Error\"},"
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}\n\n";

    BodyPrefix prefix = BodyPrefix.readEvents(new ByteArrayInputStream(events.getBytes(UTF_8)));

    assertThat(prefix.peek().streamError()).isTrue();
    assertThat(new String(prefix.peek().bytes(), UTF_8)).contains("Internal Server Error");
  }

  /** Hands out at most {@code step} bytes per read, as a socket does. */
  private static final class TrickleStream extends ByteArrayInputStream {
    private final int step;

    TrickleStream(byte[] bytes, int step) {
      super(bytes);
      this.step = step;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, step));
    }
  }
}
