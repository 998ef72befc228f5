package dev.rebound.agent.meters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedValuesTest {
  @Test
  void modelsBeyondTheCapAreOtherButConfiguredOnesAlwaysKeepTheirName() {
    BoundedValues values = new BoundedValues(List.of("anthropic/claude-sonnet-4.5"));
    for (int i = 0; i < BoundedValues.MAX_MODELS; i++) {
      assertThat(values.model("model-" + i)).isEqualTo("model-" + i);
    }

    assertThat(values.model("one-too-many")).isEqualTo(BoundedValues.OTHER);
    assertThat(values.model("model-7")).as("seen before the cap").isEqualTo("model-7");
    assertThat(values.model("anthropic/claude-sonnet-4.5"))
        .isEqualTo("anthropic/claude-sonnet-4.5");
    assertThat(values.model(null)).isEqualTo(BoundedValues.NONE);
  }

  @Test
  void hostsAreCappedAndLongValuesAreOther() {
    BoundedValues values = new BoundedValues(List.of());
    for (int i = 0; i < BoundedValues.MAX_HOSTS; i++) {
      values.host("r" + i + ".openai.azure.com");
    }

    assertThat(values.host("late.openai.azure.com")).isEqualTo(BoundedValues.OTHER);
    assertThat(values.host("r3.openai.azure.com")).isEqualTo("r3.openai.azure.com");
    assertThat(values.model("x".repeat(BoundedValues.MAX_LENGTH + 1)))
        .isEqualTo(BoundedValues.OTHER);
  }
}
