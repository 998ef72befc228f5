package dev.rebound.it.azure;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.ChatCompletions;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.exception.HttpResponseException;
import java.util.List;

/**
 * An ordinary Azure OpenAI SDK application, run in a forked JVM with the agent: the SDK's default
 * HTTP client (Reactor Netty) and its default retry policy. It knows nothing of Rebound. Arguments:
 * the endpoint, then deployments; one line per chat call.
 */
public final class AzureOpenAiProbe {
  private AzureOpenAiProbe() {}

  public static void main(String[] args) {
    OpenAIClient client =
        new OpenAIClientBuilder()
            .endpoint(args[0])
            .credential(new AzureKeyCredential("rebound-test-key"))
            .buildClient();
    for (int i = 1; i < args.length; i++) {
      try {
        ChatCompletions c =
            client.getChatCompletions(
                args[i], new ChatCompletionsOptions(List.of(new ChatRequestUserMessage("Say hi"))));
        System.out.println("ok " + c.getChoices().get(0).getMessage().getContent());
      } catch (HttpResponseException e) {
        System.out.println("error " + e.getResponse().getStatusCode());
      }
    }
  }
}
