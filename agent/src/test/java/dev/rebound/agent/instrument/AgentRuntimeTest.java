package dev.rebound.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.agent.config.EarlyHosts;
import dev.rebound.agent.config.HostMatcher;
import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.config.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The configuration is read by the first call that needs more than the hosts, once. */
class AgentRuntimeTest {
  @AfterEach
  void uninstall() {
    AgentRuntime.install(null);
  }

  @Test
  void aCallToAnotherHostNeverReadsTheWholeConfiguration() {
    Loader loader = new Loader(TestConfigs.defaults(), EarlyHosts.of(null, null));
    AgentRuntime runtime = installed(loader);

    assertThat(runtime.hosts().matches("example.com", 443)).isFalse();
    assertThat(runtime.hosts().matches("openrouter.ai", 443)).isTrue();

    assertThat(loader.loads).isZero();
    assertThat(loader.earlyReads).isEqualTo(1);
  }

  @Test
  void theWholeReadHappensOnceAndThenDecidesTheHosts() {
    Loader loader = new Loader(TestConfigs.defaults(), EarlyHosts.of("127.0.0.1:8080", null));
    AgentRuntime runtime = installed(loader);
    assertThat(runtime.hosts().matches("127.0.0.1", 8080)).isTrue();

    assertThat(runtime.config()).isSameAs(loader.config);
    runtime.config();

    assertThat(loader.loads).isEqualTo(1);
    // From now on the configuration's own hosts answer.
    assertThat(runtime.hosts()).isSameAs(loader.config.hosts());
  }

  @Test
  void aBadHostsValueLeavesItToTheWholeRead() {
    Loader loader = new Loader(null, null);
    AgentRuntime runtime = installed(loader);

    assertThat(runtime.hosts().matches("openrouter.ai", 443)).isFalse();

    assertThat(loader.loads).isEqualTo(1);
    assertThat(AgentRuntime.current()).as("disabled by the whole read").isNull();
  }

  @Test
  void aManagedHostThenABadValueElsewhereFailsTheCallOpen() {
    Loader loader = new Loader(null, EarlyHosts.of(null, null));
    AgentRuntime runtime = installed(loader);
    assertThat(runtime.hosts().matches("openrouter.ai", 443)).isTrue();

    assertThatThrownBy(runtime::services).isInstanceOf(IllegalStateException.class);

    assertThat(runtime.config()).isNull();
    assertThat(AgentRuntime.current()).isNull();
    assertThat(loader.loads).isEqualTo(1);
  }

  private static AgentRuntime installed(Loader loader) {
    AgentRuntime runtime = new AgentRuntime(null, null, loader);
    AgentRuntime.install(runtime);
    return runtime;
  }

  /** A configuration read that counts how often it is asked. */
  private static final class Loader implements AgentRuntime.Startup {
    final ReboundConfig config;
    final HostMatcher early;
    int loads;
    int earlyReads;

    Loader(ReboundConfig config, HostMatcher early) {
      this.config = config;
      this.early = early;
    }

    @Override
    public ReboundConfig load() {
      loads++;
      return config;
    }

    @Override
    public HostMatcher earlyHosts() {
      earlyReads++;
      return early;
    }

    @Override
    public AgentRuntime.Services start(AgentRuntime runtime) {
      throw new AssertionError("no service is started here");
    }
  }
}
