package dev.rebound.agent.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelRewriterTest {

  static String withModel(String body, String model) {
    byte[] out = ModelRewriter.withModel(body.getBytes(UTF_8), model);
    return out == null ? null : new String(out, UTF_8);
  }

  static String ignoring(String body, String provider) {
    byte[] out = ModelRewriter.withIgnoredProvider(body.getBytes(UTF_8), provider);
    return out == null ? null : new String(out, UTF_8);
  }

  @Test
  void rewritesOnlyTheTopLevelModelValueAndKeepsEveryOtherByte() {
    String body =
        "{\n  \"messages\" : [ {\"role\":\"user\", \"content\":\"say \\\"model\\\": x\", "
            + "\"model\":\"inner\"} ],\r\n\t\"model\" :  \"openai/gpt-4o\" ,\n"
            + "  \"tools\":[{\"function\":{\"name\":\"f\",\"parameters\":{\"model\":\"t\"}}}],"
            + "\"temperature\":0.70}";

    String out = withModel(body, "anthropic/claude-sonnet-4.5");

    assertThat(out).isEqualTo(body.replace("\"openai/gpt-4o\"", "\"anthropic/claude-sonnet-4.5\""));
  }

  @Test
  void rewritesEveryDuplicateTopLevelModelSoNoParserReadsTheOldOne() {
    String out = withModel("{\"model\":\"a\",\"x\":1,\"model\":\"b\"}", "c");

    assertThat(out).isEqualTo("{\"model\":\"c\",\"x\":1,\"model\":\"c\"}");
  }

  @Test
  void escapesTheNewModelAsAJsonString() {
    assertThat(withModel("{\"model\":\"a\"}", "we\"ird\\name"))
        .isEqualTo("{\"model\":\"we\\\"ird\\\\name\"}");
  }

  @Test
  void readsAnEscapedModelName() {
    RequestFacts facts =
        RequestFacts.of("/v1/chat", "{\"model\":\"openai\\/gpt-4o\"}".getBytes(UTF_8));

    assertThat(facts.model()).isEqualTo("openai/gpt-4o");
  }

  @Test
  void leavesBodiesWithoutAStringModelAlone() {
    assertThat(withModel("{\"model\":null}", "x")).isNull();
    assertThat(withModel("{\"model\":42}", "x")).isNull();
    assertThat(withModel("{\"model\":{\"id\":\"a\"}}", "x")).isNull();
    assertThat(withModel("{\"messages\":[]}", "x")).isNull();
    assertThat(withModel("[{\"model\":\"a\"}]", "x")).isNull();
    assertThat(withModel("{\"model\":\"a\"", "x")).isNull();
    assertThat(withModel("", "x")).isNull();
  }

  @Test
  void insertsAProviderObjectWhenThereIsNone() {
    assertThat(ignoring("{\"model\":\"m\"}", "OpenAI"))
        .isEqualTo("{\"provider\":{\"ignore\":[\"OpenAI\"]},\"model\":\"m\"}");
  }

  @Test
  void insertsIgnoreBesideOrderAndOnlyWithoutTouchingThem() {
    assertThat(
            ignoring(
                "{\"model\":\"m\",\"provider\":{\"order\":[\"A\"],\"only\":[\"A\",\"B\"]}}", "A"))
        .isEqualTo(
            "{\"model\":\"m\",\"provider\":{\"ignore\":[\"A\"],\"order\":[\"A\"],\"only\":[\"A\",\"B\"]}}");
    assertThat(ignoring("{\"provider\":{ }}", "A"))
        .isEqualTo("{\"provider\":{\"ignore\":[\"A\"] }}");
  }

  @Test
  void extendsAnExistingIgnoreListNeverReplacesIt() {
    assertThat(ignoring("{\"provider\":{\"ignore\":[\"Azure\" ]}}", "OpenAI"))
        .isEqualTo("{\"provider\":{\"ignore\":[\"Azure\" ,\"OpenAI\"]}}");
    assertThat(ignoring("{\"provider\":{\"ignore\":[]}}", "OpenAI"))
        .isEqualTo("{\"provider\":{\"ignore\":[\"OpenAI\"]}}");
    assertThat(ignoring("{\"provider\":{\"ignore\":[\"OpenAI\"]}}", "OpenAI"))
        .isEqualTo("{\"provider\":{\"ignore\":[\"OpenAI\"]}}");
  }

  @Test
  void cannotAvoidAProviderInAMalformedProviderObject() {
    assertThat(ignoring("{\"provider\":null}", "A")).isNull();
    assertThat(ignoring("{\"provider\":{\"ignore\":\"A\"}}", "B")).isNull();
    assertThat(ignoring("not json", "A")).isNull();
  }

  @Test
  void findsAndRewritesTheGeminiModelInThePath() {
    String path = "/v1beta/models/gemini-2.5-pro:streamGenerateContent";

    assertThat(ModelRewriter.modelInPath(path)).isEqualTo("gemini-2.5-pro");
    assertThat(ModelRewriter.pathWithModel(path, "gemini-2.5-flash"))
        .isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
  }

  @Test
  void findsAndRewritesTheAzureDeploymentInThePath() {
    String path = "/openai/deployments/gpt4o-prod/chat/completions";

    assertThat(ModelRewriter.modelInPath(path)).isEqualTo("gpt4o-prod");
    assertThat(ModelRewriter.pathWithModel(path, "gpt4o-mini"))
        .isEqualTo("/openai/deployments/gpt4o-mini/chat/completions");
  }

  @Test
  void otherPathsNameNoModel() {
    assertThat(ModelRewriter.modelInPath("/api/v1/chat/completions")).isNull();
    assertThat(ModelRewriter.modelInPath("/v1/models")).isNull();
    assertThat(ModelRewriter.modelInPath("/openai/deployments/")).isNull();
  }

  @Test
  void survivesDeepNestingWithoutRecursion() {
    String deep = "[".repeat(200_000) + "]".repeat(200_000);
    String body = "{\"x\":" + deep + ",\"model\":\"a\"}";

    assertThat(withModel(body, "b")).endsWith(",\"model\":\"b\"}");
  }
}
