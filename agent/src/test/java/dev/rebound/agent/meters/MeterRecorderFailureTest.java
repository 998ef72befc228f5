package dev.rebound.agent.meters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A library that throws is dropped after its first failure, counted, and the others go on. */
class MeterRecorderFailureTest {
  int errors;
  final List<String> recorded = new ArrayList<>();

  MeterBackend backend(String library, boolean fails) {
    return new MeterBackend() {
      @Override
      public void increment(String name, String description, String unit, String[] tags) {
        if (fails) {
          throw new IllegalStateException("broken registry");
        }
        recorded.add(library + " " + name);
      }

      @Override
      public void recordSeconds(String name, String description, double seconds, String[] tags) {
        recorded.add(library + " " + name);
      }

      @Override
      public String library() {
        return library;
      }
    };
  }

  @Test
  void aThrowingLibraryIsDroppedOnceAndTheOtherKeepsRecording() {
    MeterRecorder recorder = new MeterRecorder(new BoundedValues(List.of()), () -> errors++);
    recorder.addAll(List.of(backend("broken", true), backend("fine", false)));

    recorder.record(MeterRecorderTest.CALL);
    recorder.record(MeterRecorderTest.CALL);

    assertThat(errors).isOne();
    assertThat(recorder.libraries()).isEqualTo("fine");
    assertThat(recorded).filteredOn(r -> r.equals("fine rebound.calls")).hasSize(2);
    assertThat(recorded).noneMatch(r -> r.startsWith("broken"));
  }
}
