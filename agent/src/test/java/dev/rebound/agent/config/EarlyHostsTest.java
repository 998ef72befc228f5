package dev.rebound.agent.config;

import static dev.rebound.agent.config.TestSources.sources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The hosts read alone decide exactly as the whole configuration does. */
class EarlyHostsTest {
  private static final List<String> PROBES =
      List.of(
          "openrouter.ai:443",
          "api.openai.com:443",
          "127.0.0.1:8080",
          "127.0.0.1:8081",
          "llm.internal:443",
          "eu.llm.internal:443",
          "example.com:443");

  @Test
  void theHostsReadAloneMatchWhatTheWholeReadMatches() {
    String[][] cases = {
      {null, null},
      {"127.0.0.1:8080", null},
      {"127.0.0.1:8080, *.llm.internal", null},
      {"127.0.0.1:8080", "true"},
      {"*.llm.internal", "TRUE"},
      {"", "false"},
    };
    for (String[] c : cases) {
      TestSources whole = sources();
      if (c[0] != null) {
        whole.sysprop("rebound.hosts", c[0]);
      }
      if (c[1] != null) {
        whole.sysprop("rebound.hosts.replace", c[1]);
      }
      HostMatcher expected = whole.config().hosts();
      HostMatcher early = EarlyHosts.of(c[0], c[1]);
      for (String probe : PROBES) {
        String host = probe.substring(0, probe.indexOf(':'));
        int port = Integer.parseInt(probe.substring(probe.indexOf(':') + 1));
        assertThat(early.matches(host, port))
            .as("%s with hosts=%s replace=%s", probe, c[0], c[1])
            .isEqualTo(expected.matches(host, port));
      }
    }
  }

  @Test
  void aBadValueLeavesTheDecisionToTheWholeRead() {
    assertThat(EarlyHosts.of("http://127.0.0.1:8080/v1", null)).isNull();
    assertThat(EarlyHosts.of("127.0.0.1:99999", null)).isNull();
    assertThat(EarlyHosts.of(null, "maybe")).isNull();
  }
}
