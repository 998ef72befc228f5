package dev.rebound.agent.instrument.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The trusted subclass is a marker only: where it cannot be written, attempts get plain bodies that
 * work the same. Its use inside the JDK is proven in a forked JVM with the agent ({@code
 * JdkClientStderrIT}).
 */
class TrustedBodyTest {

  @Test
  void withoutTheJdksPackageOpenToReboundAttemptsGetPlainBodies() {
    // No agent has opened jdk.internal.net.http here: its marker cannot be named.
    HeldBody body = TrustedBody.make(false, 200, 0);

    assertThat(body.getClass()).isEqualTo(HeldBody.class);
    assertThat(body.getBody()).isNotDone();
  }

  @Test
  void aMarkerThatAsksForAMethodOfItsOwnIsNotUsed() {
    assertThat(TrustedBody.noAbstractMethod(DefaultsOnly.class)).isTrue();
    assertThat(TrustedBody.noAbstractMethod(AsksForMore.class)).isFalse();
  }

  private interface DefaultsOnly {
    default boolean needsExecutor() {
      return false;
    }

    static boolean needsExecutor(Object subscriber) {
      return true;
    }
  }

  private interface AsksForMore {
    boolean needsExecutor();
  }
}
