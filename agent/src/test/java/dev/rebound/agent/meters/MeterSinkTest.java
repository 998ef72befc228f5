package dev.rebound.agent.meters;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sink hands events to its own thread, which finds Micrometer in the caller's class loader. */
class MeterSinkTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final List<String> log = new ArrayList<>();

  @AfterEach
  void reset() {
    Metrics.globalRegistry.remove(registry);
  }

  @Test
  void callsReachMicrometerFromTheMetersThread() throws InterruptedException {
    Metrics.globalRegistry.add(registry);
    MeterSink sink = new MeterSink(false, true, new BoundedValues(List.of()), log::add, () -> {});

    sink.call(MeterRecorderTest.CALL);
    sink.breaker("openrouter.ai", "openai/gpt-4o", "open");

    long deadline = System.nanoTime() + 10_000_000_000L;
    while (registry.find("rebound.breaker.transitions").counter() == null
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(registry.get("rebound.calls").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("rebound.breaker.transitions").counter().count()).isEqualTo(1.0);
    assertThat(log).containsExactly("meters recorded through Micrometer");
  }
}
