package dev.rebound.agent.meters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;
import dev.rebound.api.Classification;
import dev.rebound.api.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The meters of SPEC §9 in a real OpenTelemetry SDK and a real Micrometer registry, both found by
 * reflection in this test's class loader as they would be in an application's.
 */
class MeterRecorderTest {
  static final CallRecord CALL =
      new CallRecord(
          Instant.now(),
          "okhttp",
          "openrouter.ai",
          "/api/v1/chat/completions",
          false,
          "openai/gpt-4o",
          "anthropic/claude-sonnet-4.5",
          Outcome.FALLBACK_SUCCESS,
          200,
          2500,
          1000,
          List.of(
              new AttemptRecord(
                  "openai/gpt-4o",
                  429,
                  Classification.PROVIDER_RATE_LIMIT,
                  false,
                  "OpenAI",
                  120,
                  1000),
              new AttemptRecord(
                  "anthropic/claude-sonnet-4.5", 200, Classification.SUCCESS, false, null, 80, 0)),
          null);

  final InMemoryMetricReader reader = InMemoryMetricReader.create();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  int errors;

  @AfterEach
  void reset() {
    GlobalOpenTelemetry.resetForTest();
    Metrics.globalRegistry.remove(registry);
  }

  MeterRecorder recorder(boolean otel, boolean micrometer) {
    MeterRecorder recorder =
        new MeterRecorder(
            new BoundedValues(List.of("anthropic/claude-sonnet-4.5")), () -> errors++);
    recorder.addAll(Backends.find(getClass().getClassLoader(), otel, micrometer));
    return recorder;
  }

  void installOtel() {
    GlobalOpenTelemetry.set(
        OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
            .build());
  }

  @Test
  void openTelemetryGetsCallsAttemptsDurationAndBreakerTransitions() {
    installOtel();
    MeterRecorder recorder = recorder(true, false);
    assertThat(recorder.libraries()).isEqualTo("OpenTelemetry");

    recorder.record(CALL);
    recorder.record(CALL);
    recorder.record(new MeterSink.BreakerChange("openrouter.ai", "openai/gpt-4o", "open"));

    Map<String, MetricData> metrics =
        reader.collectAllMetrics().stream()
            .collect(Collectors.toMap(MetricData::getName, Function.identity()));
    assertThat(metrics)
        .containsOnlyKeys(
            "rebound.calls",
            "rebound.attempts",
            "rebound.call.duration",
            "rebound.breaker.transitions");
    assertThat(metrics.get("rebound.calls").getUnit()).isEqualTo("{call}");
    assertThat(points(metrics.get("rebound.calls")))
        .containsExactlyEntriesOf(
            Map.of(
                Attributes.builder()
                    .put("rebound.outcome", "fallback_success")
                    .put("rebound.client", "okhttp")
                    .put("server.address", "openrouter.ai")
                    .put("gen_ai.request.model", "openai/gpt-4o")
                    .build(),
                2L));
    assertThat(points(metrics.get("rebound.attempts")))
        .containsOnly(
            Map.entry(attempt("PROVIDER_RATE_LIMIT", "openai/gpt-4o"), 2L),
            Map.entry(attempt("SUCCESS", "anthropic/claude-sonnet-4.5"), 2L));
    assertThat(points(metrics.get("rebound.breaker.transitions")))
        .containsExactlyEntriesOf(
            Map.of(
                Attributes.builder()
                    .put("rebound.breaker.state", "open")
                    .put("server.address", "openrouter.ai")
                    .put("gen_ai.request.model", "openai/gpt-4o")
                    .build(),
                1L));
    MetricData duration = metrics.get("rebound.call.duration");
    assertThat(duration.getUnit()).isEqualTo("s");
    HistogramPointData point = duration.getHistogramData().getPoints().iterator().next();
    assertThat(point.getAttributes().get(AttributeKey.stringKey("rebound.outcome")))
        .isEqualTo("fallback_success");
    assertThat(point.getCount()).isEqualTo(2);
    assertThat(point.getSum()).isEqualTo(5.0);
    assertThat(point.getBoundaries()).as("buckets for seconds").contains(0.5, 30.0);
    assertThat(errors).isZero();
  }

  @Test
  void openTelemetryIsNotTouchedBeforeTheApplicationSetsIt() {
    MeterRecorder recorder = recorder(true, false);

    recorder.record(CALL);
    installOtel();
    recorder.record(CALL);

    // Had Rebound called GlobalOpenTelemetry.get() first, set() would have thrown.
    MetricData calls =
        reader.collectAllMetrics().stream()
            .filter(m -> m.getName().equals("rebound.calls"))
            .findFirst()
            .orElseThrow();
    assertThat(points(calls).values()).containsExactly(1L);
  }

  @Test
  void micrometerGlobalRegistryGetsTheSameMeters() {
    Metrics.globalRegistry.add(registry);
    MeterRecorder recorder = recorder(false, true);
    assertThat(recorder.libraries()).isEqualTo("Micrometer");

    recorder.record(CALL);
    recorder.record(new MeterSink.BreakerChange("openrouter.ai", "openai/gpt-4o", "half_open"));

    Counter calls =
        registry
            .get("rebound.calls")
            .tags(
                "rebound.outcome",
                "fallback_success",
                "rebound.client",
                "okhttp",
                "server.address",
                "openrouter.ai",
                "gen_ai.request.model",
                "openai/gpt-4o")
            .counter();
    assertThat(calls.count()).isEqualTo(1.0);
    assertThat(
            registry
                .get("rebound.attempts")
                .tag("rebound.classification", "PROVIDER_RATE_LIMIT")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get("rebound.breaker.transitions")
                .tag("rebound.breaker.state", "half_open")
                .counter()
                .count())
        .isEqualTo(1.0);
    Timer duration =
        registry
            .get("rebound.call.duration")
            .tags("rebound.outcome", "fallback_success", "gen_ai.request.model", "openai/gpt-4o")
            .timer();
    assertThat(duration.count()).isEqualTo(1);
    assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2500.0);
  }

  @Test
  void nothingIsFoundWhenBothAreOff() {
    assertThat(recorder(false, false).isEmpty()).isTrue();
  }

  static Attributes attempt(String classification, String model) {
    return Attributes.builder()
        .put("rebound.classification", classification)
        .put("server.address", "openrouter.ai")
        .put("gen_ai.request.model", model)
        .build();
  }

  static Map<Attributes, Long> points(MetricData metric) {
    return metric.getLongSumData().getPoints().stream()
        .collect(Collectors.toMap(LongPointData::getAttributes, LongPointData::getValue));
  }
}
