package dev.rebound.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.rebound.agent.classify.Classifier;
import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.classify.Verdict;
import dev.rebound.agent.engine.EngineFuzzAccess;
import dev.rebound.agent.engine.StreamGate;
import dev.rebound.agent.engine.StreamTail;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random and adversarial input for everything that reads bytes from the network or the
 * application: the classifier, the wait-hint parser, the body splicer and the stream gate. None may
 * throw or hang. A fixed seed runs in every build; {@code -Drebound.fuzz.iterations=1000000} runs
 * longer, {@code -Drebound.fuzz.seed=N} another sequence.
 */
class FuzzTest {
  static final long SEED = Long.getLong("rebound.fuzz.seed", 20261125L);
  static final int ITERATIONS = Integer.getInteger("rebound.fuzz.iterations", 20_000);

  /** Pieces of real bodies and JSON syntax, so that random input reaches deep into the parsers. */
  static final String[] TOKENS = {
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u00e9",
    "\\ud800",
    "null",
    "true",
    "false",
    "-1",
    "1e999",
    "0.5",
    "\"model\"",
    "\"error\"",
    "\"code\"",
    "\"message\"",
    "\"metadata\"",
    "\"provider_name\"",
    "\"provider\"",
    "\"ignore\"",
    "\"order\"",
    "\"stream\"",
    "\"choices\"",
    "\"delta\"",
    "\"content\"",
    "\"finish_reason\"",
    "\"retry_after\"",
    "\"headers\"",
    "\"X-RateLimit-Reset\"",
    "\"details\"",
    "\"retryDelay\"",
    "\"26s\"",
    "\"quotaId\"",
    "\"PerDay\"",
    "\"type\"",
    "\"availability\"",
    "Provider returned error",
    "Please try again in 644ms",
    "rate_limit_exceeded",
    "insufficient_quota",
    "context_length_exceeded",
    "overloaded_error",
    "RESOURCE_EXHAUSTED",
    "data: ",
    ": OPENROUTER PROCESSING",
    "\n",
    "\r\n",
    "\n\n",
    "event: error\n",
    "[DONE]",
    " ",
    "\t",
    "\u0000",
    "\u00ff",
    "<html>"
  };

  static byte[] randomBody(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(60);
    for (int i = 0; i < n; i++) {
      sb.append(
          r.nextInt(4) == 0
              ? Character.toString((char) r.nextInt(0x3000))
              : TOKENS[r.nextInt(TOKENS.length)]);
    }
    byte[] b = sb.toString().getBytes(UTF_8);
    if (r.nextInt(10) == 0 && b.length > 0) {
      b[r.nextInt(b.length)] = (byte) r.nextInt(256); // invalid UTF-8
    }
    return b;
  }

  static HeaderLookup randomHeaders(Random r) {
    String[] values = {
      "",
      "-5",
      "0",
      "1e309",
      "NaN",
      "Wed, 21 Oct 2015 07:28:00 GMT",
      "99999999999999999999",
      "6m0s",
      "644ms",
      "1h2m3.5s",
      "2026-11-25T10:00:00Z",
      "garbage",
      "  7  ",
      "1795000000000",
      "0.001s"
    };
    String value = values[r.nextInt(values.length)];
    return name -> r.nextBoolean() ? null : value;
  }

  @Test
  @Timeout(60)
  void classifierNeverThrowsOnRandomInput() {
    Random r = new Random(SEED);
    Classifier classifier = new Classifier();
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] body = randomBody(r);
      int status =
          new int[] {
                200, 400, 401, 402, 403, 404, 408, 413, 429, 500, 502, 503, 524, 529, 0, -1, 999
              }
              [r.nextInt(17)];
      Verdict v =
          classifier.classify(
              status,
              randomHeaders(r),
              body,
              body.length,
              r.nextBoolean() ? "m" : null,
              1_795_000_000_000L);
      assertThat(v).isNotNull();
      assertThat(classifier.classifyStreamEvent(body, body.length, null, 0)).isNotNull();
    }
  }

  @Test
  @Timeout(60)
  void bodySplicerAndStreamGateNeverThrowOnRandomInput() {
    Random r = new Random(SEED + 1);
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] body = randomBody(r);
      EngineFuzzAccess.rewrite(body, "fallback/model", "SomeProvider");
      StreamGate.scan(body, body.length, r.nextBoolean());
      StreamTail tail = new StreamTail(new Classifier(), "m");
      int split = body.length == 0 ? 0 : r.nextInt(body.length);
      tail.onBytes(body, 0, split);
      tail.onBytes(body, split, body.length - split);
    }
  }

  @Test
  @Timeout(60)
  void adversarialBodiesAreHandled() throws IOException {
    Classifier classifier = new Classifier();
    byte[][] bodies = {
      ("[".repeat(100_000)).getBytes(UTF_8),
      ("{\"error\":".repeat(50_000)).getBytes(UTF_8),
      ("{\"a\":\"" + "x".repeat(1 << 20) + "\"}").getBytes(UTF_8),
      gzip("{\"error\":{\"code\":429,\"message\":\"Provider returned error\"}}"),
      "{\"model\":1,\"model\":null,\"model\":{\"x\":\"y\"},\"model\":\"a\",\"model\":\"b\"}"
          .getBytes(UTF_8),
      new byte[0],
    };
    for (byte[] body : bodies) {
      int length = Math.min(body.length, 64 * 1024);
      assertThatCode(() -> classifier.classify(429, name -> "9".repeat(400), body, length, "m", 0))
          .doesNotThrowAnyException();
      assertThatCode(() -> EngineFuzzAccess.rewrite(body, "x", "y")).doesNotThrowAnyException();
      assertThatCode(() -> StreamGate.scan(body, length, false)).doesNotThrowAnyException();
    }
  }

  @Test
  void duplicateModelKeysAreAllRewrittenAndOtherTypesLeftAlone() {
    byte[] body = "{\"model\":1,\"model\":null,\"model\":\"a\",\"model\":\"b\"}".getBytes(UTF_8);

    assertThat(new String(EngineFuzzAccess.withModel(body, "c"), UTF_8))
        .isEqualTo("{\"model\":1,\"model\":null,\"model\":\"c\",\"model\":\"c\"}");
  }

  private static byte[] gzip(String s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(s.getBytes(UTF_8));
    }
    return out.toByteArray();
  }
}
