package dev.rebound.it.probes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A JDK-client application as small as one gets: one managed call (args[0]) and one call to a host
 * Rebound does not manage (args[1]); prints each status and the attempts header Rebound adds.
 */
public final class JdkStderrProbe {
  private JdkStderrProbe() {}

  public static void main(String[] args) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    for (String url : args) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}"))
              .build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      System.out.println(
          response.statusCode()
              + " "
              + response.headers().firstValue("x-rebound-attempts").orElse("-"));
    }
  }
}
