package dev.rebound.agent.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeekBufferTest {
  private static final String OPENROUTER_ERROR_CHUNK =
      "{\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"provider\":\"OpenAI\","
          + "\"error\":{\"code\":502,\"message\":\"Provider disconnected\"},"
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}";

  @Test
  void aBodyInOneChunkIsJudgedOnItsBytesAtItsEnd() {
    byte[] body = "{\"error\":{\"message\":\"Rate limit exceeded\",\"code\":429}}".getBytes(UTF_8);
    PeekBuffer buffer = new PeekBuffer(false, 200, body.length);

    assertThat(buffer.add(body)).isFalse();

    Peek peek = buffer.peek(true);
    assertThat(new String(peek.bytes(), 0, peek.length(), UTF_8))
        .isEqualTo(new String(body, UTF_8));
    assertThat(peek.streamError()).isFalse();
  }

  @Test
  void chunksAreJoinedInOrder() {
    PeekBuffer buffer = new PeekBuffer(false, 200, 0);
    buffer.add("{\"error\":".getBytes(UTF_8));
    buffer.add("{\"code\":503}".getBytes(UTF_8));
    buffer.add("}".getBytes(UTF_8));

    Peek peek = buffer.peek(true);
    assertThat(new String(peek.bytes(), 0, peek.length(), UTF_8))
        .isEqualTo("{\"error\":{\"code\":503}}");
  }

  @Test
  void aLongBodyIsJudgedOnItsFirst64KiBAsSoonAsTheyCame() {
    PeekBuffer buffer = new PeekBuffer(false, 200, 200_000);
    byte[] chunk = new byte[40_000];
    Arrays.fill(chunk, (byte) 'x');

    assertThat(buffer.add(chunk)).isFalse();
    assertThat(buffer.add(chunk)).isTrue();

    assertThat(buffer.peek(false).length()).isEqualTo(Exchange.PEEK_LIMIT);
  }

  @Test
  void aSuccessfulStreamIsJudgedOnItsErrorEventBeforeAnyContent() {
    PeekBuffer buffer = new PeekBuffer(true, 200, 0);

    assertThat(buffer.add(": OPENROUTER PROCESSING\n\n".getBytes(UTF_8))).isFalse();
    assertThat(buffer.add(("data: " + OPENROUTER_ERROR_CHUNK + "\n\n").getBytes(UTF_8))).isTrue();

    Peek peek = buffer.peek(false);
    assertThat(peek.streamError()).isTrue();
    assertThat(new String(peek.bytes(), 0, peek.length(), UTF_8)).isEqualTo(OPENROUTER_ERROR_CHUNK);
  }

  @Test
  void aSuccessfulStreamWhoseContentComesFirstHoldsNoError() {
    PeekBuffer buffer = new PeekBuffer(true, 200, 0);

    assertThat(
            buffer.add(
                "data: {\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}\n\n".getBytes(UTF_8)))
        .isTrue();

    assertThat(buffer.peek(false)).isEqualTo(Peek.EMPTY);
  }

  @Test
  void aStreamThatEndsBeforeAnyEventHoldsNoError() {
    PeekBuffer buffer = new PeekBuffer(true, 200, 0);

    assertThat(buffer.add(": OPENROUTER PROCESSING\n\n".getBytes(UTF_8))).isFalse();

    assertThat(buffer.peek(true)).isEqualTo(Peek.EMPTY);
  }

  @Test
  void buffersAreCopiedAndLeftAsTheyWere() {
    byte[] first = "{\"error\":".getBytes(UTF_8);
    ByteBuffer a = ByteBuffer.wrap(first);
    ByteBuffer b = ByteBuffer.wrap("xx{\"code\":503}}".getBytes(UTF_8), 2, 13);
    PeekBuffer buffer = new PeekBuffer(false, 200, 0);

    assertThat(buffer.add(List.of(a, b))).isFalse();
    Arrays.fill(first, (byte) ' ');

    Peek peek = buffer.peek(true);
    assertThat(new String(peek.bytes(), 0, peek.length(), UTF_8))
        .isEqualTo("{\"error\":{\"code\":503}}");
    assertThat(a.position()).isZero();
    assertThat(b.position()).isEqualTo(2);
  }

  @Test
  void aStreamErrorEventSplitAcrossBuffersIsFoundOnceWhole() {
    String event = "data: " + OPENROUTER_ERROR_CHUNK + "\n\n";
    PeekBuffer buffer = new PeekBuffer(true, 200, 0);

    assertThat(buffer.add(List.of(ByteBuffer.wrap(event.substring(0, 40).getBytes(UTF_8)))))
        .isFalse();
    assertThat(
            buffer.add(
                List.of(
                    ByteBuffer.wrap(event.substring(40, 90).getBytes(UTF_8)),
                    ByteBuffer.wrap(event.substring(90).getBytes(UTF_8)))))
        .isTrue();

    Peek peek = buffer.peek(false);
    assertThat(peek.streamError()).isTrue();
    assertThat(new String(peek.bytes(), 0, peek.length(), UTF_8)).isEqualTo(OPENROUTER_ERROR_CHUNK);
  }

  @Test
  void aStreamRequestAnsweredWithAnErrorIsJudgedOnItsBytesAtTheirEnd() {
    byte[] body = "{\"error\":{\"message\":\"Rate limit exceeded\",\"code\":429}}".getBytes(UTF_8);
    PeekBuffer buffer = new PeekBuffer(true, 429, body.length);

    assertThat(buffer.add(body)).isFalse();

    Peek peek = buffer.peek(true);
    assertThat(peek.streamError()).isFalse();
    assertThat(new String(peek.bytes(), 0, peek.length(), UTF_8))
        .isEqualTo(new String(body, UTF_8));
  }
}
