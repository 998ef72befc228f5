package dev.rebound.it.springai;

import java.time.Duration;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * An ordinary Spring AI 1.1 application, run in a forked JVM with the agent: its OpenAI chat model
 * calls through {@code RestClient} on Reactor Netty (as Spring Boot picks it when WebFlux is there)
 * and streams through {@code WebClient}. It knows nothing of Rebound. Arguments: the base URL and
 * the model; prints the call's answer and the stream's text.
 */
public final class SpringAiProbe {
  private SpringAiProbe() {}

  public static void main(String[] args) {
    OpenAiApi api =
        OpenAiApi.builder()
            .baseUrl(args[0])
            .apiKey("sk-rebound-test")
            .restClientBuilder(
                RestClient.builder().requestFactory(new ReactorClientHttpRequestFactory()))
            .webClientBuilder(WebClient.builder())
            .build();
    OpenAiChatModel model =
        OpenAiChatModel.builder()
            .openAiApi(api)
            .defaultOptions(OpenAiChatOptions.builder().model(args[1]).build())
            .build();
    System.out.println("call " + model.call("Say hi"));
    System.out.println(
        "stream "
            + String.join("", model.stream("Count").collectList().block(Duration.ofSeconds(60))));
  }
}
