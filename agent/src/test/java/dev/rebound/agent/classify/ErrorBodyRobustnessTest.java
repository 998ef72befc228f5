package dev.rebound.agent.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.rebound.api.Classification;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The reader never throws: bad bodies yield no facts, and the status decides (SPEC §3). */
class ErrorBodyRobustnessTest {

  private final Classifier classifier = new Classifier();

  @Test
  void neverThrowsOnATruncatedBodyAtAnyPosition() {
    byte[] body = Bodies.body("gemini/429-per-minute-retry-info.json");

    for (int cut = 0; cut <= body.length; cut++) {
      int length = cut;
      assertThatCode(
              () -> classifier.classify(429, HeaderLookup.NONE, body, length, "m", Bodies.NOW))
          .doesNotThrowAnyException();
      assertThatCode(() -> classifier.classifyStreamEvent(body, length, "m", Bodies.NOW))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void yieldsNoFactsForATruncatedBody() {
    byte[] body = Bodies.body("openai/429-insufficient-quota.json");

    ErrorBody facts = ErrorBodyReader.read(body, body.length - 5);

    assertThat(facts).isSameAs(ErrorBody.NONE);
  }

  @Test
  void fallsBackToTheStatusWhenTheBodyIsCutOff() {
    byte[] body = Bodies.body("openai/429-insufficient-quota.json");

    Verdict verdict = classifier.classify(429, HeaderLookup.NONE, body, 40, "gpt-4o", Bodies.NOW);

    assertThat(verdict.classification()).isEqualTo(Classification.GATEWAY_RATE_LIMIT);
  }

  @Test
  void yieldsNoFactsForInvalidUtf8() {
    byte[] body = {
      '{', '"', 'e', 'r', 'r', 'o', 'r', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'
    };

    assertThat(ErrorBodyReader.read(body, body.length)).isSameAs(ErrorBody.NONE);
  }

  @Test
  void yieldsNoFactsForOneHundredThousandLevelsOfNesting() {
    byte[] body = new byte[200_000];
    Arrays.fill(body, 0, 100_000, (byte) '[');
    Arrays.fill(body, 100_000, 200_000, (byte) ']');

    assertThat(ErrorBodyReader.read(body, body.length)).isSameAs(ErrorBody.NONE);
  }

  @Test
  void yieldsNoFactsForDeepNestingInsideTheErrorObject() {
    String deep = "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
    byte[] body = ("{\"error\":{\"metadata\":" + deep + "}}").getBytes(StandardCharsets.UTF_8);

    assertThatCode(() -> classifier.classify(500, HeaderLookup.NONE, body, body.length, "m", 0))
        .doesNotThrowAnyException();
    assertThat(ErrorBodyReader.read(body, body.length)).isSameAs(ErrorBody.NONE);
  }

  @Test
  void ignoresAHugeNumberInsteadOfThrowing() {
    String digits = "9".repeat(5_000);
    byte[] body =
        ("{\"error\":{\"code\":429,\"availability\":{\"retry_after\":" + digits + "}}}")
            .getBytes(StandardCharsets.UTF_8);

    Verdict verdict = classifier.classify(429, HeaderLookup.NONE, body, body.length, "m", 0);

    assertThat(verdict.classification()).isEqualTo(Classification.GATEWAY_RATE_LIMIT);
    assertThat(verdict.hasHint()).isFalse();
  }

  @Test
  void readsOnlyTheFirst64KiB() {
    String padding = " ".repeat(ErrorBodyReader.MAX_BODY);
    byte[] body =
        (padding + "{\"error\":{\"type\":\"insufficient_quota\"}}")
            .getBytes(StandardCharsets.UTF_8);

    Verdict verdict = classifier.classify(429, HeaderLookup.NONE, body, body.length, "m", 0);

    assertThat(verdict.classification()).isEqualTo(Classification.GATEWAY_RATE_LIMIT);
  }

  @Test
  void toleratesALengthBeyondTheArrayAndANullBody() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    assertThat(ErrorBodyReader.read(body, 10_000)).isNotNull();
    assertThat(ErrorBodyReader.read(null, 10)).isSameAs(ErrorBody.NONE);
    assertThat(classifier.classify(503, null, null, 0, null, 0).classification())
        .isEqualTo(Classification.PROVIDER_UNAVAILABLE);
  }

  @Test
  void skipsUnexpectedShapesWithoutLosingTheError() {
    String json =
        "{\"choices\":\"x\",\"candidates\":7,\"promptFeedback\":[],"
            + "\"error\":{\"details\":[1,\"a\",{\"violations\":{}}],\"metadata\":[],"
            + "\"availability\":{\"retryable\":{\"x\":1}},\"code\":\"insufficient_quota\"}}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);

    Verdict verdict = classifier.classify(429, HeaderLookup.NONE, body, body.length, "m", 0);

    assertThat(verdict.classification()).isEqualTo(Classification.QUOTA_EXHAUSTED);
  }
}
