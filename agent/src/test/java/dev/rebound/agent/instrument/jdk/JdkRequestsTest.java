package dev.rebound.agent.instrument.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.engine.AttemptRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JdkRequestsTest {
  private static final String PATH = "/v1beta/models/gemini-1.0-pro:generateContent";

  private static HttpRequest original() {
    return HttpRequest.newBuilder(
            URI.create("https://generativelanguage.googleapis.com" + PATH + "?alt=sse&key=k"))
        .header("Content-Type", "application/json")
        .header("X-Rebound-Fallback", "gemini-2.5-flash")
        .header("x-goog-api-key", "k")
        .timeout(Duration.ofSeconds(7))
        .POST(HttpRequest.BodyPublishers.ofString("{\"contents\":[]}"))
        .build();
  }

  @Test
  void anAttemptKeepsTheApplicationsRequestButReboundsHeadersAndBody() {
    byte[] body = "{\"contents\":[1]}".getBytes();

    HttpRequest attempt =
        JdkRequests.attempt(original(), null, new AttemptRequest(1, null, PATH, body, false));

    assertThat(attempt.uri()).isEqualTo(original().uri());
    assertThat(attempt.headers().map()).containsOnlyKeys("Content-Type", "x-goog-api-key");
    assertThat(attempt.timeout()).contains(Duration.ofSeconds(7));
    assertThat(attempt.method()).isEqualTo("POST");
    assertThat(attempt.bodyPublisher().orElseThrow().contentLength()).isEqualTo(body.length);
  }

  @Test
  void aModelInThePathIsReplacedAndTheQueryKept() {
    String path = "/v1beta/models/gemini-2.5-flash:generateContent";

    HttpRequest attempt =
        JdkRequests.attempt(
            original(), null, new AttemptRequest(2, "gemini-2.5-flash", path, new byte[0], false));

    assertThat(attempt.uri().toString())
        .isEqualTo("https://generativelanguage.googleapis.com" + path + "?alt=sse&key=k");
  }

  @Test
  void anAttemptThatChangesNothingIsTheApplicationsOwnRequest() {
    HttpRequest plain =
        HttpRequest.newBuilder(URI.create("https://api.openai.com/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\"}"))
            .build();
    byte[] body = "{\"model\":\"gpt-4o\"}".getBytes();
    String path = "/v1/chat/completions";

    assertThat(JdkRequests.sendableAsIs(plain, true)).isTrue();
    assertThat(JdkRequests.sendableAsIs(plain, false)).as("a one-shot body").isFalse();
    assertThat(JdkRequests.sendableAsIs(original(), true)).as("Rebound's headers in it").isFalse();
    assertThat(JdkRequests.attempt(plain, body, new AttemptRequest(1, "gpt-4o", path, body, false)))
        .isSameAs(plain);
    byte[] fallback = "{\"model\":\"gpt-4o-mini\"}".getBytes();
    assertThat(
            JdkRequests.attempt(
                plain, body, new AttemptRequest(2, "gpt-4o-mini", path, fallback, false)))
        .isNotSameAs(plain);
  }
}
