package dev.rebound.agent.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.metrics.CallCounters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharingStatusTest {
  final List<String> info = new ArrayList<>();
  final List<String> debug = new ArrayList<>();
  final SharingStatus status =
      new SharingStatus("redis://app:***@cache:6379/0", new CallCounters(), info::add, debug::add);

  @Test
  void connectedOnlyOnceBothLinksAreUpAndTheFirstConnectIsNotAnnounced() {
    status.up(SharingStatus.Link.PUBLISHER);
    assertThat(status.connected()).isFalse();
    status.up(SharingStatus.Link.SUBSCRIBER);

    assertThat(status.connected()).isTrue();
    assertThat(info).isEmpty();
    assertThat(debug)
        .containsExactly("shared limits: connected to Redis at redis://app:***@cache:6379/0");
  }

  @Test
  void anOutageIsOneLineHoweverManyAttemptsFailAndTheReturnIsOneMore() {
    status.up(SharingStatus.Link.PUBLISHER);
    status.up(SharingStatus.Link.SUBSCRIBER);

    for (int i = 0; i < 5; i++) {
      status.down(SharingStatus.Link.SUBSCRIBER, "Connection refused");
      status.down(SharingStatus.Link.PUBLISHER, "Connection refused");
    }
    status.up(SharingStatus.Link.PUBLISHER);
    status.up(SharingStatus.Link.SUBSCRIBER);

    assertThat(info)
        .containsExactly(
            "shared limits: no Redis at redis://app:***@cache:6379/0 (Connection refused); this JVM"
                + " goes on with its own limits and keeps trying",
            "shared limits: connected to Redis at redis://app:***@cache:6379/0 again; sharing"
                + " resumes");
  }
}
