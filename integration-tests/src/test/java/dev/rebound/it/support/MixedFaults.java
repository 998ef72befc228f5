package dev.rebound.it.support;

import java.util.Random;
import java.util.function.Function;
import okhttp3.mockwebserver.MockResponse;

/**
 * A seeded OpenRouter-like server answer: 80% completions, 5% each of an upstream 429 ("Provider
 * returned error"), an HTML 502 from a proxy, a 503 and a 529 overload. Thread-safe.
 */
public final class MixedFaults implements Function<ScriptedLlmServer.Received, MockResponse> {
  private final Random random;
  private final String html = Bodies.read("proxy/502-nginx.html");
  private final String overloaded = Bodies.read("openrouter/529-provider-overloaded.json");

  public MixedFaults(long seed) {
    random = new Random(seed);
  }

  @Override
  public MockResponse apply(ScriptedLlmServer.Received request) {
    int roll;
    synchronized (random) {
      roll = random.nextInt(100);
    }
    if (roll < 5) {
      return json(429, Bodies.UPSTREAM_429);
    } else if (roll < 10) {
      return new MockResponse()
          .setResponseCode(502)
          .setBody(html)
          .setHeader("Content-Type", "text/html");
    } else if (roll < 15) {
      return json(503, "{\"error\":{\"code\":503,\"message\":\"Service Unavailable\"}}");
    } else if (roll < 20) {
      return json(529, overloaded);
    }
    return json(200, Bodies.COMPLETION);
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse()
        .setResponseCode(status)
        .setBody(body)
        .setHeader("Content-Type", "application/json");
  }
}
