package dev.rebound.it.probes;

import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * An ordinary Spring application calling an LLM API with {@code RestClient} on HttpClient 5, run in
 * a forked JVM with the agent. Spring writes the request body itself: HttpClient sees a write-only
 * entity of known length. Arguments: the URL, then one request body per call; prints one line per call.
 */
public final class SpringRestClientProbe {
  private SpringRestClientProbe() {}

  public static void main(String[] args) {
    RestClient client =
        RestClient.builder()
            .requestFactory(new HttpComponentsClientHttpRequestFactory(HttpClients.createDefault()))
            .build();
    for (int i = 1; i < args.length; i += 2) {
      String line =
          client
              .post()
              .uri(args[0])
              .contentType(MediaType.APPLICATION_JSON)
              .header("x-rebound-fallback", args[i + 1])
              .body(args[i])
              .exchange(
                  (request, response) ->
                      response.getStatusCode().value()
                          + " "
                          + response.getHeaders().getFirst("x-rebound-attempts")
                          + " "
                          + response.getHeaders().getFirst("x-rebound-model")
                          + " "
                          + new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
      System.out.println(line);
    }
  }
}
