package dev.rebound.it.probes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutionException;

/**
 * An application that calls a JDK client it has closed ({@code close()} is JDK 21+, called by
 * reflection so that this class compiles on 17): prints what {@code send} and {@code sendAsync}
 * threw, class and message, one line each.
 */
public final class JdkClosedClientProbe {
  private JdkClosedClientProbe() {}

  public static void main(String[] args) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpClient.class.getMethod("close").invoke(client);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(args[0]))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}"))
            .build();
    try {
      client.send(request, HttpResponse.BodyHandlers.ofString());
      System.out.println("send: no exception");
    } catch (Exception e) {
      System.out.println("send: " + describe(e));
    }
    try {
      client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get();
      System.out.println("sendAsync: no exception");
    } catch (ExecutionException e) {
      System.out.println("sendAsync: " + describe(e.getCause()));
    }
  }

  private static String describe(Throwable t) {
    return t.getClass().getName()
        + " "
        + t.getMessage()
        + (t.getCause() == null ? "" : " caused by " + describe(t.getCause()));
  }
}
