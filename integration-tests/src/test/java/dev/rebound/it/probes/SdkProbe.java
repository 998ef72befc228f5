package dev.rebound.it.probes;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * An application on the official OpenAI or Anthropic Java SDK, with its default retries, knowing
 * nothing of Rebound. Arguments: {@code openai|anthropic baseUrl}. Prints {@code OK <text>} or
 * {@code ERROR <exception>}.
 */
public final class SdkProbe {
  private SdkProbe() {}

  public static void main(String[] args) {
    try {
      String text = args[0].equals("openai") ? openAi(args[1]) : anthropic(args[1]);
      System.out.println("OK " + text);
    } catch (RuntimeException e) {
      System.out.println("ERROR " + e.getClass().getName() + " " + e.getMessage());
    }
    System.exit(0);
  }

  private static String openAi(String baseUrl) {
    OpenAIClient client =
        OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-test-key").build();
    ChatCompletion c =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o")
                    .addUserMessage("Say hi")
                    .build());
    return c.choices().get(0).message().content().orElse("");
  }

  private static String anthropic(String baseUrl) {
    AnthropicClient client =
        AnthropicOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-ant-test").build();
    Message m =
        client
            .messages()
            .create(
                MessageCreateParams.builder()
                    .model("claude-sonnet-4-5")
                    .maxTokens(64L)
                    .addUserMessage("Say hi")
                    .build());
    return m.content().get(0).text().map(t -> t.text()).orElse("");
  }
}
