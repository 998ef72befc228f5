package dev.rebound.it.probes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * An application with a metrics library of its own, run in a forked JVM with the agent: it sets the
 * library up as applications do, makes one chat call with the JDK client, waits until the library
 * shows the call's successful attempt and prints what it shows. Arguments: {@code library url
 * base64(body)}, the library one of {@code otel-sdk} (the OpenTelemetry SDK with an in-memory
 * reader, set as global), {@code micrometer} (a Prometheus registry added to {@code
 * Metrics.globalRegistry}), or {@code none} (the JVM may have an OpenTelemetry Java agent that
 * exports on its own).
 */
public final class MetersProbe {
  private MetersProbe() {}

  public static void main(String[] args) throws Exception {
    // Each library in a class of its own: this class loads without either on the class path.
    Supplier<String> scrape =
        switch (args[0]) {
          case "otel-sdk" -> OtelSdkApp.install();
          case "micrometer" -> PrometheusApp.install();
          default -> () -> "";
        };
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String body = new String(Base64.getDecoder().decode(args[2]), StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(args[1]))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    System.out.println("STATUS " + response.statusCode());
    if (!args[0].equals("none")) {
      // Rebound records on a thread of its own, a call's attempts after the call and in order:
      // wait for the last one, the successful attempt, not for a fixed time.
      long deadline = System.nanoTime() + Long.getLong("probe.wait.ms", 30_000) * 1_000_000L;
      String shown = scrape.get();
      while (!shown.contains("rebound.classification=\"SUCCESS\"")
          && !shown.contains("rebound_classification=\"SUCCESS\"")
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
        shown = scrape.get();
      }
      System.out.println("METRICS");
      System.out.println(shown);
    }
    // An exporter of another agent may need a moment: it reads what Rebound recorded on its thread.
    Thread.sleep(Long.getLong("probe.linger.ms", 0));
    System.out.println("END");
    System.out.flush();
    System.exit(0);
  }
}
