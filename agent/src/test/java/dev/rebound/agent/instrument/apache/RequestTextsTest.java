package dev.rebound.agent.instrument.apache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The request facts every Apache adapter reads from strings. */
class RequestTextsTest {

  @Test
  void jsonIsApplicationJsonOrAPlusJsonTypeWithAnyParameters() {
    assertThat(RequestTexts.isJson("application/json; charset=UTF-8")).isTrue();
    assertThat(RequestTexts.isJson("Application/Vnd.Api+JSON")).isTrue();
    assertThat(RequestTexts.isJson("text/plain")).isFalse();
    assertThat(RequestTexts.isJson("json")).isFalse();
    assertThat(RequestTexts.isJson(null)).isFalse();
  }

  @Test
  void theHostKeyCarriesThePortOnlyWhenItIsNotTheSchemesDefault() {
    assertThat(RequestTexts.hostKey("https", "api.openai.com", -1)).isEqualTo("api.openai.com");
    assertThat(RequestTexts.hostKey("https", "api.openai.com", 443)).isEqualTo("api.openai.com");
    assertThat(RequestTexts.hostKey("http", "127.0.0.1", 8080)).isEqualTo("127.0.0.1:8080");
    assertThat(RequestTexts.effectivePort("https", -1)).isEqualTo(443);
  }

  @Test
  void aRewrittenPathKeepsTheQueryAndTheAuthority() {
    URI uri =
        URI.create(
            "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent?key=k%3D1");

    URI rewritten = RequestTexts.withPath(uri, "/v1beta/models/gemini-2.5-flash:generateContent");

    assertThat(rewritten.toString())
        .isEqualTo(
            "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent?key=k%3D1");
    assertThat(RequestTexts.rawPath(URI.create("http://h"))).isEqualTo("/");
  }
}
