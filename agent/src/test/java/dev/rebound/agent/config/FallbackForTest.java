package dev.rebound.agent.config;

import static dev.rebound.agent.config.TestSources.sources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FallbackForTest {

  @Test
  void readsModelsWithSlashAndColonFromSystemProperties() {
    ReboundConfig c =
        sources()
            .sysprop("rebound.fallback.for.openai/gpt-4o", "anthropic/claude-sonnet-4.5")
            .sysprop(
                "rebound.fallback.for.meta-llama/llama-3.1-8b-instruct:free",
                "mistralai/mistral-7b-instruct:free, openai/gpt-4o-mini")
            .config();

    assertThat(c.fallbackFor())
        .containsOnlyKeys("openai/gpt-4o", "meta-llama/llama-3.1-8b-instruct:free");
    assertThat(c.fallbackChainFor("meta-llama/llama-3.1-8b-instruct:free"))
        .containsExactly("mistralai/mistral-7b-instruct:free", "openai/gpt-4o-mini");
  }

  @Test
  void readsModelsWithSlashAndColonFromAFileWithoutEscapes() {
    ReboundConfig c =
        sources()
            .sysprop("rebound.config.file", "/r.properties")
            .file(
                "/r.properties",
                "# chains\n"
                    + "rebound.fallback.for.meta-llama/llama-3.1-8b-instruct:free = a/b:free,c/d\n"
                    + "rebound.fallback.for.openai/gpt-4o=anthropic/claude-sonnet-4.5\n")
            .config();

    assertThat(c.fallbackChainFor("meta-llama/llama-3.1-8b-instruct:free"))
        .containsExactly("a/b:free", "c/d");
    assertThat(c.fallbackChainFor("openai/gpt-4o")).containsExactly("anthropic/claude-sonnet-4.5");
  }

  @Test
  void readsModelsFromTheAgentArgumentFile() {
    ReboundConfig c =
        sources()
            .agentArgs("config=/app/rebound.properties")
            .file("/app/rebound.properties", "rebound.fallback.for.google/gemini-2.5-pro:free=x/y")
            .config();

    assertThat(c.fallbackChainFor("google/gemini-2.5-pro:free")).containsExactly("x/y");
  }

  @Test
  void modelChainWinsOverTheGlobalChain() {
    ReboundConfig c =
        sources()
            .sysprop("rebound.fallback.models", "g/1,g/2")
            .sysprop("rebound.fallback.for.openai/gpt-4o", "m/1")
            .config();

    assertThat(c.fallbackChainFor("openai/gpt-4o")).containsExactly("m/1");
    assertThat(c.fallbackChainFor("other/model")).containsExactly("g/1", "g/2");
  }

  @Test
  void emptyModelChainMeansNoFallbackForThatModel() {
    ReboundConfig c =
        sources()
            .sysprop("rebound.fallback.models", "g/1")
            .sysprop("rebound.fallback.for.openai/gpt-4o", "")
            .config();

    assertThat(c.fallbackChainFor("openai/gpt-4o")).isEmpty();
  }

  @Test
  void listsAreTrimmedAndEmptyEntriesDropped() {
    ReboundConfig c = sources().sysprop("rebound.fallback.models", " a/b , ,c/d, ").config();

    assertThat(c.fallbackModels()).isEqualTo(List.of("a/b", "c/d"));
  }

  @Test
  void prefixWithoutAModelIsAnUnknownKey() {
    ConfigResult result = sources().sysprop("rebound.fallback.for.", "x/y").parse();

    assertThat(result.lines())
        .containsExactly("rebound: unknown key rebound.fallback.for. (ignored)");
    assertThat(result.config().fallbackFor()).isEmpty();
  }
}
