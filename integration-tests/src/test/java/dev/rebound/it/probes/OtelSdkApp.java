package dev.rebound.it.probes;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.function.Supplier;

/** The OpenTelemetry SDK as an application sets it up, with a reader the probe can print. */
final class OtelSdkApp {
  private OtelSdkApp() {}

  static Supplier<String> install() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    GlobalOpenTelemetry.set(
        OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
            .build());
    return () -> {
      StringBuilder out = new StringBuilder();
      for (MetricData metric : reader.collectAllMetrics()) {
        for (PointData point : metric.getData().getPoints()) {
          out.append("METRIC ")
              .append(metric.getName())
              .append(" unit=")
              .append(metric.getUnit())
              .append(" scope=")
              .append(metric.getInstrumentationScopeInfo().getName())
              .append(' ')
              .append(point.getAttributes())
              .append(" value=")
              .append(value(point))
              .append('\n');
        }
      }
      return out.toString();
    };
  }

  private static String value(PointData point) {
    if (point instanceof LongPointData p) {
      return Long.toString(p.getValue());
    }
    if (point instanceof HistogramPointData h) {
      return "count:" + h.getCount() + ",sum:" + h.getSum();
    }
    return point.toString();
  }
}
