package dev.rebound.agent.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.engine.StreamGate.State;
import org.junit.jupiter.api.Test;

/** Real first events of OpenRouter, OpenAI, Anthropic and Gemini streams. */
class StreamGateTest {

  static StreamGate.Result scan(String stream, boolean eof) {
    byte[] b = stream.getBytes(UTF_8);
    return StreamGate.scan(b, b.length, eof);
  }

  @Test
  void holdsOpenRouterProcessingCommentsAndARoleOnlyChunk() {
    String s =
        ": OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\n"
            + "data: {\"id\":\"gen-1\",\"provider\":\"OpenAI\",\"model\":\"openai/gpt-4o\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"finish_reason\":null}]}\n\n";

    assertThat(scan(s, false).state()).isEqualTo(State.HOLD);
  }

  @Test
  void releasesOnTheFirstTextDelta() {
    String s =
        ": OPENROUTER PROCESSING\n\n"
            + "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
            + "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n";

    assertThat(scan(s, false).state()).isEqualTo(State.RELEASE);
  }

  @Test
  void releasesOnAToolCallDelta() {
    String s =
        "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
            + "[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":"
            + "\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n";

    assertThat(scan(s, false).state()).isEqualTo(State.RELEASE);
  }

  @Test
  void anOpenRouterErrorChunkBeforeContentIsAFailedAttempt() {
    String error =
        "{\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"provider\":\"OpenAI\","
            + "\"error\":{\"code\":502,\"message\":\"Provider disconnected\"},"
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}";
    StreamGate.Result r = scan(": OPENROUTER PROCESSING\n\ndata: " + error + "\n\n", false);

    assertThat(r.state()).isEqualTo(State.ERROR);
    assertThat(new String(r.payload(), UTF_8)).isEqualTo(error);
  }

  @Test
  void aTopLevelErrorObjectAloneIsAFailedAttempt() {
    String error = "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\"}}";

    assertThat(scan("data: " + error + "\n\n", false).state()).isEqualTo(State.ERROR);
  }

  @Test
  void anErrorObjectNestedInContentIsNotAnError() {
    String s = "data: {\"choices\":[{\"delta\":{\"content\":\"x\",\"error\":{\"a\":1}}}]}\n\n";

    assertThat(scan(s, false).state()).isEqualTo(State.RELEASE);
  }

  @Test
  void anAnthropicErrorEventBeforeContentIsAFailedAttempt() {
    String s =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
            + "\"role\":\"assistant\",\"content\":[],\"stop_reason\":null}}\n\n"
            + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
            + "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": "
            + "\"overloaded_error\", \"message\": \"Overloaded\"}}\n\n";

    assertThat(scan(s, false).state()).isEqualTo(State.ERROR);
  }

  @Test
  void releasesAnAnthropicStreamOnItsFirstTextDelta() {
    String s =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"content\":[]}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
    assertThat(scan(s, false).state()).isEqualTo(State.HOLD);

    s +=
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n";
    assertThat(scan(s, false).state()).isEqualTo(State.RELEASE);
  }

  @Test
  void releasesAGeminiChunkWithText() {
    String s =
        "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Once\"}],\"role\": "
            + "\"model\"},\"index\": 0}]}\r\n\r\n";

    assertThat(scan(s, false).state()).isEqualTo(State.RELEASE);
  }

  @Test
  void releasesOnAFinishReasonEvenWithoutText() {
    String s = "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";

    assertThat(scan(s, false).state()).isEqualTo(State.RELEASE);
  }

  @Test
  void holdsAnIncompleteEventUntilItEnds() {
    assertThat(scan("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n", false).state())
        .isEqualTo(State.HOLD);
  }

  @Test
  void releasesAtTheEndOfTheStreamOrWhenThePeekLimitIsReached() {
    assertThat(scan(": OPENROUTER PROCESSING\n\n", true).state()).isEqualTo(State.RELEASE);
    String comments = ": OPENROUTER PROCESSING\n\n".repeat(3000);
    assertThat(scan(comments, false).state()).isEqualTo(State.RELEASE);
  }

  @Test
  void releasesDataItCannotJudge() {
    assertThat(scan("data: [DONE]\n\n", false).state()).isEqualTo(State.RELEASE);
    assertThat(scan("data: not json at all\n\n", false).state()).isEqualTo(State.RELEASE);
  }
}
