package dev.rebound.it.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * An ordinary Spring Boot service that calls an LLM API with the {@code RestClient} Boot builds:
 * {@code POST /chat} sends its body to {@code llm.url} and answers with what came back. It knows
 * nothing of Rebound.
 */
@SpringBootApplication
@RestController
public class ChatApp {
  private final RestClient llm;

  public ChatApp(RestClient.Builder builder) {
    this.llm = builder.baseUrl(System.getProperty("llm.url")).build();
  }

  public static void main(String[] args) {
    SpringApplication.run(ChatApp.class, args);
  }

  @PostMapping("/chat")
  String chat(@RequestBody String body) {
    return llm.post()
        .contentType(MediaType.APPLICATION_JSON)
        .body(body)
        .exchange(
            (request, response) ->
                response.getStatusCode().value()
                    + " "
                    + new String(
                        response.getBody().readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8));
  }
}
