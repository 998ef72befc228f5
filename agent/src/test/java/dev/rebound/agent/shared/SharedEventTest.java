package dev.rebound.agent.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedEventTest {

  @Test
  void anEventTravelsAsOneTabSeparatedLineAndComesBackTheSame() {
    SharedEvent pause =
        new SharedEvent(
            "jvm-1", SharedEvent.Kind.PAUSE, "openrouter.ai", "61a05eb9dfe86f48", null, 3000);
    SharedEvent open =
        new SharedEvent(
            "jvm-1", SharedEvent.Kind.OPEN, "127.0.0.1:8080", "", "openai/gpt-4o", 1500);

    assertThat(pause.encode())
        .isEqualTo("1\tjvm-1\tpause\topenrouter.ai\t61a05eb9dfe86f48\t\t3000");
    assertThat(SharedEvent.decode(pause.encode())).isEqualTo(pause);
    assertThat(SharedEvent.decode(open.encode())).isEqualTo(open);
  }

  @Test
  void keysNameKindHostCredentialAndModel() {
    SharedEvent pause =
        new SharedEvent("j", SharedEvent.Kind.PAUSE, "openrouter.ai", "abcd", null, 3000);
    SharedEvent closed =
        new SharedEvent("j", SharedEvent.Kind.CLOSED, "openrouter.ai", "abcd", "openai/gpt-4o", 0);

    assertThat(pause.key("fleet")).isEqualTo("fleet:pause:openrouter.ai:abcd");
    assertThat(closed.key("fleet")).isEqualTo("fleet:open:openrouter.ai:abcd:openai/gpt-4o");
  }

  @Test
  void linesOfAnotherVersionOrShapeAreIgnoredAndFieldsWithTabsNeverTravel() {
    assertThat(SharedEvent.decode("2\tj\tpause\th\tc\t\t1")).isNull();
    assertThat(SharedEvent.decode("1\tj\tresume\th\tc\t\t1")).isNull();
    assertThat(SharedEvent.decode("1\tj\tpause\th\tc\t\tsoon")).isNull();
    assertThat(SharedEvent.decode("hello")).isNull();
    assertThat(new SharedEvent("j", SharedEvent.Kind.OPEN, "h", "c", "a\tb", 1).travels())
        .isFalse();
  }
}
