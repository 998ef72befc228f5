package dev.rebound.it.probes;

import java.time.Duration;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * An ordinary Spring application on Reactor Netty, run in a forked JVM with the agent: {@code
 * WebClient} on its default connector and {@code RestClient} on {@code
 * ReactorClientHttpRequestFactory}, with Spring's own request bodies. It knows nothing of Rebound.
 * Arguments: the URL, then pairs of a kind ({@code web}, {@code stream}, {@code exchange}, {@code
 * rest}) and a request body; one line per call on stdout.
 */
public final class SpringReactorProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private SpringReactorProbe() {}

  public static void main(String[] args) {
    String url = args[0];
    WebClient web = WebClient.create();
    RestClient rest =
        RestClient.builder().requestFactory(new ReactorClientHttpRequestFactory()).build();
    for (int i = 1; i + 1 < args.length; i += 2) {
      String body = args[i + 1];
      switch (args[i]) {
        case "web" ->
            print(
                web.post()
                    .uri(url)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .retrieve()
                    .toEntity(String.class)
                    .block(TIMEOUT));
        case "stream" -> {
          List<String> events =
              web.post()
                  .uri(url)
                  .contentType(MediaType.APPLICATION_JSON)
                  .accept(MediaType.TEXT_EVENT_STREAM)
                  .bodyValue(body)
                  .retrieve()
                  .bodyToFlux(String.class)
                  .collectList()
                  .block(TIMEOUT);
          System.out.println("stream " + String.join("|", events));
        }
        case "exchange" ->
            System.out.println(
                web.post()
                    .uri(url)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchangeToMono(
                        r ->
                            r.bodyToMono(String.class)
                                .map(
                                    b ->
                                        r.statusCode().value()
                                            + " "
                                            + r.headers().asHttpHeaders().getFirst("x-should-retry")
                                            + " "
                                            + b))
                    .block(TIMEOUT));
        case "rest" ->
            print(
                rest.post()
                    .uri(url)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .retrieve()
                    .toEntity(String.class));
        default -> throw new IllegalArgumentException(args[i]);
      }
    }
  }

  private static void print(ResponseEntity<String> e) {
    System.out.println(
        e.getStatusCode().value()
            + " "
            + e.getHeaders().getFirst("x-rebound-attempts")
            + " "
            + e.getHeaders().getFirst("x-rebound-model")
            + " "
            + e.getBody());
  }
}
