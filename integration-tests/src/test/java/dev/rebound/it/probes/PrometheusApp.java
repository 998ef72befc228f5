package dev.rebound.it.probes;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;

/** Micrometer with a Prometheus registry in the global registry, as Spring Boot sets it up. */
final class PrometheusApp {
  private PrometheusApp() {}

  static Supplier<String> install() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Metrics.addRegistry(registry);
    return registry::scrape;
  }
}
