package dev.rebound.agent.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The demo's application: ordinary {@code java.net.http} code that knows nothing of Rebound. It
 * makes chat calls from four threads and prints one line per call ({@code CALL status model
 * millis}). Run by {@code demo} in a JVM of its own, once without and once with the agent.
 */
public final class DemoClient {
  private static final java.util.regex.Pattern MODEL =
      java.util.regex.Pattern.compile("\"model\":\"([^\"]*)\"");

  private DemoClient() {}

  public static void main(String[] args) throws InterruptedException {
    URI uri = URI.create(args[0]);
    int calls = Integer.parseInt(args[1]);
    HttpClient client = HttpClient.newHttpClient();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    for (int i = 0; i < calls; i++) {
      // Every tenth call asks for a model that no longer exists.
      String model = i % 10 == 9 ? FaultServer.GONE : FaultServer.MAIN;
      threads.execute(() -> call(client, uri, model));
    }
    threads.shutdown();
    threads.awaitTermination(5, TimeUnit.MINUTES);
    System.out.println("DONE");
  }

  private static void call(HttpClient client, URI uri, String model) {
    String body =
        "{\"model\":\""
            + model
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer sk-demo-not-a-real-key")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    long start = System.nanoTime();
    String line;
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      java.util.regex.Matcher answered = MODEL.matcher(response.body());
      line = "CALL " + response.statusCode() + " " + (answered.find() ? answered.group(1) : "-");
    } catch (java.io.IOException e) {
      line = "CALL 0 " + e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    System.out.println(line + " " + (System.nanoTime() - start) / 1_000_000);
  }
}
