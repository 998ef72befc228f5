package dev.rebound.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostMatcherTest {

  @Test
  void hostEntryMatchesThatHostOnAnyPort() {
    HostMatcher m = HostMatcher.of(List.of("llm.internal"));

    assertThat(m.matches("llm.internal", 443)).isTrue();
    assertThat(m.matches("llm.internal", 8080)).isTrue();
    assertThat(m.matches("llm.internal", -1)).isTrue();
    assertThat(m.matches("other.internal", 443)).isFalse();
    assertThat(m.matches("x.llm.internal", 443)).isFalse();
  }

  @Test
  void hostPortEntryMatchesOnlyThatPort() {
    HostMatcher m = HostMatcher.of(List.of("127.0.0.1:8080"));

    assertThat(m.matches("127.0.0.1", 8080)).isTrue();
    assertThat(m.matches("127.0.0.1", 8081)).isFalse();
    assertThat(m.matches("127.0.0.1", 80)).isFalse();
  }

  @Test
  void sameHostOnTwoPortsMatchesBoth() {
    HostMatcher m = HostMatcher.of(List.of("localhost:8080", "localhost:9090"));

    assertThat(m.matches("localhost", 8080)).isTrue();
    assertThat(m.matches("localhost", 9090)).isTrue();
    assertThat(m.matches("localhost", 80)).isFalse();
  }

  @Test
  void suffixEntryMatchesAnySubdomainButNotTheBareSuffix() {
    HostMatcher m = HostMatcher.of(List.of("*.openai.azure.com"));

    assertThat(m.matches("myres.openai.azure.com", 443)).isTrue();
    assertThat(m.matches("a.b.openai.azure.com", 8443)).isTrue();
    assertThat(m.matches("openai.azure.com", 443)).isFalse();
    assertThat(m.matches("evilopenai.azure.com", 443)).isFalse();
    assertThat(m.matches("openai.azure.com.evil.io", 443)).isFalse();
  }

  @Test
  void comparesHostsIgnoringCase() {
    HostMatcher m = HostMatcher.of(List.of("API.Example.COM", "*.Corp.Example"));

    assertThat(m.matches("api.example.com", 443)).isTrue();
    assertThat(m.matches("Api.EXAMPLE.com", 443)).isTrue();
    assertThat(m.matches("LLM.corp.example", 443)).isTrue();
  }

  @Test
  void nullHostNeverMatches() {
    assertThat(HostMatcher.of(HostMatcher.BUILT_IN).matches(null, 443)).isFalse();
  }

  @Test
  void builtInListIsValid() {
    HostMatcher m = HostMatcher.of(HostMatcher.BUILT_IN);

    assertThat(m.matches("api.x.ai", 443)).isTrue();
    assertThat(m.matches("generativelanguage.googleapis.com", 443)).isTrue();
  }

  @ParameterizedTest(name = "rejects [{0}]")
  @ValueSource(
      strings = {
        "",
        "*",
        "*.",
        "**.x.com",
        "https://api.example.com",
        "api.example.com/v1",
        "a b",
        "a..b",
        "host:",
        "host:0",
        "host:65536",
        "host:+80",
        "host:http",
        ":8080",
        "[::1]:8080",
        "x.*.com"
      })
  void rejectsABadEntryNamingIt(String entry) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HostMatcher.of(List.of("ok.example.com", entry)))
        .withMessageEndingWith(": " + entry);
  }
}
