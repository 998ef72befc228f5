package dev.rebound.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Real vendor error bodies, shared with the classifier's tests: {@code
 * agent/src/test/resources/bodies/<vendor>/<case>.json}; their sources are listed in the README
 * there.
 */
public final class Bodies {
  private static final Path ROOT =
      Paths.get(System.getProperty("rebound.bodies.dir", "../agent/src/test/resources/bodies"));

  private Bodies() {}

  public static String read(String name) {
    try {
      return Files.readString(ROOT.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A chat completion request as applications send it. */
  public static String chatRequest(String model) {
    return "{\"model\":\""
        + model
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}],"
        + "\"provider\":{\"order\":[\"OpenAI\",\"Azure\"]},\"temperature\":0.2}";
  }

  public static String streamRequest(String model) {
    return "{\"model\":\""
        + model
        + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}";
  }

  public static final String COMPLETION =
      "{\"id\":\"gen-1\",\"object\":\"chat.completion\",\"model\":\"openai/gpt-4o\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi!\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}";

  /** OpenRouter passing through an upstream 429 from a named provider, without a wait hint. */
  public static final String UPSTREAM_429 =
      "{\"error\":{\"message\":\"Provider returned error\",\"code\":429,\"metadata\":{\"raw\":"
          + "\"openai/gpt-4o is temporarily rate-limited upstream. Please retry shortly.\","
          + "\"provider_name\":\"OpenAI\"}},\"user_id\":\"user_2x\"}";
}
