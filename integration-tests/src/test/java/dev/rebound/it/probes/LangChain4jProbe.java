package dev.rebound.it.probes;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * An application on LangChain4j's OpenAI chat model with its defaults (the JDK HTTP client, its own
 * retries), knowing nothing of Rebound. Argument: the base URL. Prints {@code OK <text>} or {@code
 * ERROR <exception>}.
 */
public final class LangChain4jProbe {
  private LangChain4jProbe() {}

  public static void main(String[] args) {
    try {
      ChatModel model =
          OpenAiChatModel.builder()
              .baseUrl(args[0])
              .apiKey("sk-test-key")
              .modelName("gpt-4o")
              .build();
      System.out.println("OK " + model.chat("Say hi"));
    } catch (RuntimeException e) {
      System.out.println("ERROR " + e.getClass().getName() + " " + e.getMessage());
    }
    System.exit(0);
  }
}
