package dev.rebound.agent.config;

import static dev.rebound.agent.config.TestSources.sources;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnknownKeyTest {

  @Test
  void unknownSystemPropertyWarnsAndTheAgentStillRuns() {
    ConfigResult result =
        sources()
            .sysprop("rebound.retry.max-attemps", "5")
            .sysprop("rebound.deadline", "10s")
            .parse();

    assertThat(result.disabled()).isFalse();
    assertThat(result.lines())
        .containsExactly("rebound: unknown key rebound.retry.max-attemps (ignored)");
    assertThat(result.config().maxAttempts()).isEqualTo(3);
    assertThat(result.config().deadline()).hasSeconds(10);
  }

  @Test
  void unknownKeyInAFileWarns() {
    ConfigResult result =
        sources()
            .sysprop("rebound.config.file", "/r.properties")
            .file("/r.properties", "retry.max-attempts=5\nrebound.log=off\n")
            .parse();

    assertThat(result.disabled()).isFalse();
    assertThat(result.lines()).containsExactly("rebound: unknown key retry.max-attempts (ignored)");
    assertThat(result.config().log()).isEqualTo(LogLevel.OFF);
  }

  @Test
  void sameUnknownKeyInTwoSourcesIsReportedOnce() {
    ConfigResult result =
        sources()
            .sysprop("rebound.x", "1")
            .agentArgs("config=/r.properties")
            .file("/r.properties", "rebound.x=2\n")
            .parse();

    assertThat(result.lines()).containsExactly("rebound: unknown key rebound.x (ignored)");
  }

  @Test
  void configFileNamedInsideAFileIsIgnoredWithAWarning() {
    ConfigResult result =
        sources()
            .agentArgs("config=/a.properties")
            .file("/a.properties", "rebound.config.file=/b.properties\n")
            .file("/b.properties", "rebound.log=off\n")
            .parse();

    assertThat(result.disabled()).isFalse();
    assertThat(result.config().log()).isEqualTo(LogLevel.INFO);
    assertThat(result.lines())
        .containsExactly(
            "rebound: rebound.config.file in /a.properties ignored: it is read only from a system"
                + " property or REBOUND_CONFIG_FILE");
  }
}
