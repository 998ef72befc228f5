package dev.rebound.agent.classify;

import static dev.rebound.agent.classify.RateLimitScope.HOST;
import static dev.rebound.api.Classification.GATEWAY_RATE_LIMIT;
import static dev.rebound.api.Classification.PROVIDER_RATE_LIMIT;
import static dev.rebound.api.Classification.PROVIDER_UNAVAILABLE;
import static dev.rebound.api.Classification.REQUEST_TOO_LARGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.rebound.api.Classification;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC §4 streaming: an error event before any content is classified like a failed attempt. */
class ClassifierStreamEventTest {

  private final Classifier classifier = new Classifier();

  static Stream<Arguments> events() {
    return Stream.of(
        event("openrouter/stream-error-chunk-rate-limit.json", PROVIDER_RATE_LIMIT, "OpenAI"),
        event("openrouter/stream-error-chunk-server.json", PROVIDER_UNAVAILABLE, null),
        event("openrouter/stream-error-chunk-context-length.json", REQUEST_TOO_LARGE, null),
        event("anthropic/stream-event-overloaded.json", PROVIDER_UNAVAILABLE, null),
        event("anthropic/stream-event-rate-limit.json", GATEWAY_RATE_LIMIT, null),
        event("anthropic/stream-event-not-json.json", PROVIDER_UNAVAILABLE, null));
  }

  @ParameterizedTest
  @MethodSource("events")
  void classifiesErrorEventBeforeContent(String file, Classification expected, String provider) {
    byte[] data = Bodies.body(file);

    Verdict verdict =
        classifier.classifyStreamEvent(data, data.length, "openai/gpt-4o", Bodies.NOW);

    assertThat(verdict).isEqualTo(new Verdict(expected, true, Verdict.NO_HINT, provider, HOST));
  }

  @Test
  void readsRetryInfoOfAnErrorEvent() {
    byte[] data =
        ("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"0.5s\"}]}}")
            .getBytes(StandardCharsets.UTF_8);

    Verdict verdict =
        classifier.classifyStreamEvent(data, data.length, "gemini-2.5-pro", Bodies.NOW);

    assertThat(verdict.classification()).isEqualTo(GATEWAY_RATE_LIMIT);
    assertThat(verdict.hintMillis()).isEqualTo(500);
    assertThat(verdict.errorInBody()).isTrue();
  }

  @Test
  void treatsAnEventWithoutErrorAsSuccess() {
    byte[] data =
        "{\"choices\":[{\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}"
            .getBytes(StandardCharsets.UTF_8);

    Verdict verdict =
        classifier.classifyStreamEvent(data, data.length, "openai/gpt-4o", Bodies.NOW);

    assertThat(verdict).isEqualTo(Verdict.success());
  }

  private static Arguments event(String file, Classification expected, String provider) {
    return argumentSet(file, file, expected, provider);
  }
}
