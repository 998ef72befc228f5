package dev.rebound.agent.engine;

/** Lets the fuzz test reach the package-private rewriting code. */
public final class EngineFuzzAccess {
  private EngineFuzzAccess() {}

  /** Every rewrite a fallback or a provider-avoiding retry can make of {@code body}. */
  public static void rewrite(byte[] body, String model, String provider) {
    RequestFacts.of("/v1beta/models/x:generateContent", body);
    ModelRewriter.withModel(body, model);
    ModelRewriter.withIgnoredProvider(body, provider);
  }

  public static byte[] withModel(byte[] body, String model) {
    return ModelRewriter.withModel(body, model);
  }
}
