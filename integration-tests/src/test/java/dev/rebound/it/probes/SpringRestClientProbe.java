package dev.rebound.it.probes;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * An ordinary Spring application calling an LLM API with {@code RestClient}, run in a forked JVM
 * with the agent. Spring writes the request body itself. System properties: {@code probe.factory}
 * ({@code hc5}, the default, or {@code jdk}) and {@code probe.body} ({@code string}, the default: a
 * body of known length; {@code object}: the JSON parsed into a map that Spring's Jackson converter
 * writes, chunked, of unknown length, as Spring AI's requests are). Arguments: the URL, then a
 * request body and an {@code x-rebound-fallback} per call; prints one line per call.
 */
public final class SpringRestClientProbe {
  private SpringRestClientProbe() {}

  public static void main(String[] args) throws Exception {
    ClientHttpRequestFactory factory =
        System.getProperty("probe.factory", "hc5").equals("jdk")
            ? new JdkClientHttpRequestFactory()
            : new HttpComponentsClientHttpRequestFactory(HttpClients.createDefault());
    RestClient client = RestClient.builder().requestFactory(factory).build();
    boolean object = System.getProperty("probe.body", "string").equals("object");
    for (int i = 1; i < args.length; i += 2) {
      String line =
          client
              .post()
              .uri(args[0])
              .contentType(MediaType.APPLICATION_JSON)
              .header("x-rebound-fallback", args[i + 1])
              .body(object ? new ObjectMapper().readValue(args[i], Map.class) : args[i])
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
