package dev.rebound.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What premain reads before the whole configuration: the switch, the client families and the log
 * level from system properties; everything else waits for the full read, which a properties file or
 * an agent argument brings forward.
 */
class EarlySettingsTest {
  @AfterEach
  void clear() {
    System.clearProperty("rebound.enabled");
    System.clearProperty("rebound.clients");
    System.clearProperty("rebound.log");
    System.clearProperty("rebound.config.file");
  }

  @Test
  void withNothingSetEveryClientIsHookedAndNothingIsReadYet() {
    EarlySettings s = EarlySettings.read(null);

    assertThat(s.needsFullRead()).isFalse();
    assertThat(s.disabled()).isFalse();
    assertThat(s.clients()).isNull();
  }

  @Test
  void theSwitchTheClientsAndTheLogLevelAreReadAsWritten() {
    System.setProperty("rebound.enabled", " FALSE ");
    System.setProperty("rebound.clients", "OkHttp, jdk,,");
    System.setProperty("rebound.log", "debug");

    EarlySettings s = EarlySettings.read(null);

    assertThat(s.disabled()).isTrue();
    assertThat(s.clients()).containsExactlyInAnyOrder("okhttp", "jdk");
    assertThat(s.debug()).isTrue();
  }

  @Test
  void aFileOrAnAgentArgumentMeansEverythingIsReadInPremain() {
    assertThat(EarlySettings.read("config=/tmp/rebound.properties").needsFullRead()).isTrue();
    System.setProperty("rebound.config.file", "/tmp/rebound.properties");
    assertThat(EarlySettings.read(null).needsFullRead()).isTrue();
  }
}
