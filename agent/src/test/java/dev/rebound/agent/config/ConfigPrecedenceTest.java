package dev.rebound.agent.config;

import static dev.rebound.agent.config.TestSources.sources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigPrecedenceTest {

  /** The four sources of SPEC §1, highest first; each sets rebound.retry.max-attempts. */
  enum Source {
    SYSTEM_PROPERTY {
      @Override
      void setMaxAttempts(TestSources s, String value) {
        s.sysprop("rebound.retry.max-attempts", value);
      }
    },
    ENVIRONMENT {
      @Override
      void setMaxAttempts(TestSources s, String value) {
        s.env("REBOUND_RETRY_MAX_ATTEMPTS", value);
      }
    },
    CONFIG_FILE {
      @Override
      void setMaxAttempts(TestSources s, String value) {
        // Named from the environment, so that a system property of the higher source is free.
        s.env("REBOUND_CONFIG_FILE", "/etc/rebound.properties")
            .file("/etc/rebound.properties", "rebound.retry.max-attempts=" + value + "\n");
      }
    },
    AGENT_ARGUMENT {
      @Override
      void setMaxAttempts(TestSources s, String value) {
        s.agentArgs("config=/opt/app/rebound.properties")
            .file("/opt/app/rebound.properties", "rebound.retry.max-attempts=" + value + "\n");
      }
    };

    abstract void setMaxAttempts(TestSources s, String value);
  }

  static List<Arguments> sourcePairs() {
    List<Arguments> pairs = new ArrayList<>();
    Source[] all = Source.values();
    for (int high = 0; high < all.length; high++) {
      for (int low = high + 1; low < all.length; low++) {
        pairs.add(Arguments.argumentSet(all[high] + " over " + all[low], all[high], all[low]));
      }
    }
    return pairs;
  }

  @ParameterizedTest
  @MethodSource("sourcePairs")
  void higherSourceWins(Source higher, Source lower) {
    TestSources s = sources();
    higher.setMaxAttempts(s, "5");
    lower.setMaxAttempts(s, "4");

    ConfigResult result = s.parse();

    assertThat(result.lines()).isEmpty();
    assertThat(result.config().maxAttempts()).isEqualTo(5);
  }

  @ParameterizedTest
  @MethodSource("sourcePairs")
  void lowerSourceAppliesWhereTheHigherIsSilent(Source higher, Source lower) {
    TestSources s = sources();
    lower.setMaxAttempts(s, "4");

    assertThat(s.config().maxAttempts()).isEqualTo(4);
  }

  @Test
  void eachKeyTakesItsValueFromItsOwnHighestSource() {
    ReboundConfig c =
        sources()
            .sysprop("rebound.retry.max-attempts", "6")
            .sysprop("rebound.config.file", "/r.properties")
            .file("/r.properties", "rebound.retry.max-attempts=2\nrebound.deadline=45s\n")
            .config();

    assertThat(c.maxAttempts()).isEqualTo(6);
    assertThat(c.deadline()).hasSeconds(45);
  }

  @Test
  void systemPropertyNamesTheConfigFileOverTheEnvironment() {
    ReboundConfig c =
        sources()
            .sysprop("rebound.config.file", "/a.properties")
            .env("REBOUND_CONFIG_FILE", "/b.properties")
            .file("/a.properties", "rebound.log=debug")
            .file("/b.properties", "rebound.log=off")
            .config();

    assertThat(c.log()).isEqualTo(LogLevel.DEBUG);
  }

  @Test
  void blankConfigFileMeansNoFile() {
    ConfigResult result = sources().env("REBOUND_CONFIG_FILE", " ").parse();

    assertThat(result.disabled()).isFalse();
    assertThat(result.lines()).isEmpty();
  }

  @Test
  void badValueHiddenByAHigherSourceIsNotReported() {
    ConfigResult result =
        sources().sysprop("rebound.deadline", "30s").env("REBOUND_DEADLINE", "soon").parse();

    assertThat(result.lines()).isEmpty();
    assertThat(result.config().deadline()).hasSeconds(30);
  }
}
