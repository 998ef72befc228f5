package dev.rebound.agent.config;

import static dev.rebound.agent.config.TestSources.sources;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentArgumentTest {

  @Test
  void readsTheFileNamedByTheConfigArgument() {
    ReboundConfig c =
        sources()
            .agentArgs("config=/app/rebound.properties")
            .file("/app/rebound.properties", "rebound.retry.max-attempts=4\nrebound.log=debug\n")
            .config();

    assertThat(c.maxAttempts()).isEqualTo(4);
    assertThat(c.log()).isEqualTo(LogLevel.DEBUG);
  }

  @Test
  void bothFilesAreReadAndTheConfigFileWins() {
    ReboundConfig c =
        sources()
            .agentArgs("config=/low.properties")
            .sysprop("rebound.config.file", "/high.properties")
            .file("/low.properties", "rebound.retry.max-attempts=4\nrebound.log=debug\n")
            .file("/high.properties", "rebound.retry.max-attempts=2\n")
            .config();

    assertThat(c.maxAttempts()).isEqualTo(2);
    assertThat(c.log()).isEqualTo(LogLevel.DEBUG);
  }

  @Test
  void unreadableAgentArgumentFileDisables() {
    ConfigResult result = sources().agentArgs("config=/missing.properties").parse();

    assertThat(result.disabled()).isTrue();
    assertThat(result.config()).isNull();
    assertThat(result.lines())
        .containsExactly(
            "rebound: disabled: agent argument config=/missing.properties: expected a readable"
                + " properties file");
  }

  @Test
  void agentArgumentOtherThanConfigDisables() {
    ConfigResult result = sources().agentArgs("debug").parse();

    assertThat(result.disabled()).isTrue();
    assertThat(result.lines())
        .containsExactly(
            "rebound: disabled: agent argument=debug: expected config=/path/to/rebound.properties");
  }

  @Test
  void blankAgentArgumentIsNoArgument() {
    ConfigResult result = sources().agentArgs("  ").parse();

    assertThat(result.disabled()).isFalse();
    assertThat(result.lines()).isEmpty();
  }
}
