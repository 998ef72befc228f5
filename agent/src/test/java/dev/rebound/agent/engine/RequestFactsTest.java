package dev.rebound.agent.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The model and stream flag the engine reads from a request body before its first attempt: only the
 * top level counts, the last duplicate wins, and a body that is not one JSON object names none.
 */
class RequestFactsTest {

  @Test
  void readsTheTopLevelModelAndStream() {
    RequestFacts f =
        facts(
            "{ \"messages\": [{\"role\":\"user\",\"model\":\"inner\"}],\n"
                + "  \"model\" : \"openai/gpt-4o\", \"stream\": true }");

    assertThat(f.model()).isEqualTo("openai/gpt-4o");
    assertThat(f.stream()).isTrue();
    assertThat(f.modelInPath()).isFalse();
  }

  @Test
  void theLastStringModelWinsAndANonStringOneNamesNone() {
    assertThat(facts("{\"model\":\"a\",\"model\":\"b\"}").model()).isEqualTo("b");
    assertThat(facts("{\"model\":\"a\",\"model\":null}").model()).isEqualTo("a");
    assertThat(facts("{\"model\":7}").model()).isNull();
    assertThat(facts("{\"stream\":true,\"stream\":false}").stream()).isFalse();
  }

  @Test
  void escapedKeysAndValuesAreDecoded() {
    RequestFacts f = facts("{\"mod\\u0065l\":\"x\\/y\",\"str\\u0065am\":true}");

    assertThat(f.model()).isEqualTo("x/y");
    assertThat(f.stream()).isTrue();
  }

  @Test
  void aBodyThatIsNotOneObjectNamesNoModel() {
    assertThat(facts("{\"model\":\"a\",").model()).isNull();
    assertThat(facts("[{\"model\":\"a\"}]").model()).isNull();
    assertThat(facts("{\"model\":\"a\",\"bad\\u00zz\":1}").model()).isNull();
    assertThat(facts("").model()).isNull();
  }

  @Test
  void aModelInThePathWins() {
    RequestFacts f =
        RequestFacts.of(
            "/v1beta/models/gemini-2.5-pro:streamGenerateContent",
            "{\"contents\":[]}".getBytes(UTF_8));

    assertThat(f.model()).isEqualTo("gemini-2.5-pro");
    assertThat(f.modelInPath()).isTrue();
    assertThat(f.stream()).isTrue();
  }

  private static RequestFacts facts(String body) {
    return RequestFacts.of("/v1/chat/completions", body.getBytes(UTF_8));
  }
}
