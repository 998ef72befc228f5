package dev.rebound.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepeatedRequestsTest {
  final FakeClock clock = new FakeClock();
  final RepeatedRequests repeats = new RepeatedRequests(clock, 240_000_000_000L);

  @Test
  void theSameIdWithinTheMemoryIsARepeat() {
    assertThat(repeats.isRepeat("a")).isFalse();
    clock.advanceMillis(60_000);
    assertThat(repeats.isRepeat("a")).isTrue();
    assertThat(repeats.isRepeat("b")).isFalse();
  }

  @Test
  void anIdSeenLongerAgoThanTheMemoryIsNew() {
    repeats.isRepeat("a");
    clock.advanceMillis(240_001);

    assertThat(repeats.isRepeat("a")).isFalse();
  }

  @Test
  void noIdIsNeverARepeat() {
    assertThat(repeats.isRepeat(null)).isFalse();
    assertThat(repeats.isRepeat(null)).isFalse();
    assertThat(repeats.isRepeat(" ")).isFalse();
    assertThat(repeats.isRepeat(" ")).isFalse();
  }

  @Test
  void theMemoryIsBoundedAndForgetsTheOldestFirst() {
    for (int i = 0; i <= RepeatedRequests.MAX_IDS; i++) {
      repeats.isRepeat("id-" + i);
      clock.advanceMillis(1);
    }

    assertThat(repeats.isRepeat("id-" + RepeatedRequests.MAX_IDS)).isTrue();
    assertThat(repeats.isRepeat("id-0")).as("the oldest was forgotten").isFalse();
  }
}
