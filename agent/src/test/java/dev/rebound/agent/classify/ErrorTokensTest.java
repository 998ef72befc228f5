package dev.rebound.agent.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.api.Classification;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The scan that spares a successful 2xx its parse never hides an error: every recorded vendor body
 * whose parse reports an error (or withheld content) is one the scan lets through to the parse; and
 * plain successes, even ones whose text speaks of errors, are told without one.
 */
class ErrorTokensTest {

  @Test
  void everyRecordedBodyThatReportsAnErrorIsLeftToTheParse() throws Exception {
    List<String> reporting = new ArrayList<>();
    for (Path file : recordedBodies()) {
      byte[] body = Files.readAllBytes(file);
      ErrorBody parsed = ErrorBodyReader.read(body, body.length);
      if (parsed.reportsError() || GeminiSignals.isBlocked(parsed) || parsed.finishContentFilter) {
        reporting.add(file.getFileName().toString());
        assertThat(ErrorTokens.mayReportError(body, body.length)).as(file.toString()).isTrue();
      }
    }
    assertThat(reporting).as("recorded bodies that report an error").hasSizeGreaterThan(40);
  }

  @Test
  void aPlainCompletionIsASuccessWithoutAParse() {
    byte[] body = Bodies.body("openai/200-chat-completion.json");

    assertThat(ErrorTokens.mayReportError(body, body.length)).isFalse();
    assertThat(
            new Classifier()
                .classify(200, null, body, body.length, "gpt-4o", Bodies.NOW)
                .classification())
        .isEqualTo(Classification.SUCCESS);
  }

  @Test
  void errorsInTheCompletionTextAreNotErrorSignals() {
    byte[] body =
        ("{\"choices\":[{\"message\":{\"content\":\"An \\\"error\\\" is when error handling"
                + " fails\"},\"finish_reason\":\"stop\"}]}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(
            new Classifier()
                .classify(200, null, body, body.length, "m", Bodies.NOW)
                .classification())
        .isEqualTo(Classification.SUCCESS);
  }

  @Test
  void eachSignalWordIsSeen() {
    for (String json :
        List.of(
            "{\"error\":{\"code\":429}}",
            "[{\"error\":{\"code\":503}}]",
            "{\"choices\":[{\"finish_reason\":\"error\"}]}",
            "{\"choices\":[{\"finish_reason\":\"content_filter\"}]}",
            "{\"promptFeedback\":{\"blockReason\":\"OTHER\"}}",
            "{\"candidates\":[{\"finishReason\":\"SAFETY\"}]}",
            "{\"candidates\":[{\"finishReason\":\"PROHIBITED_CONTENT\"}]}")) {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      assertThat(ErrorTokens.mayReportError(body, body.length)).as(json).isTrue();
      assertThat(
              new Classifier()
                  .classify(200, null, body, body.length, "m", Bodies.NOW)
                  .classification())
          .as(json)
          .isNotEqualTo(Classification.SUCCESS);
    }
  }

  private static List<Path> recordedBodies() throws IOException, URISyntaxException {
    Path root = Path.of(ErrorTokensTest.class.getResource("/bodies").toURI());
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }
}
