package dev.rebound.bench;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The retry loop most teams write, following the usual advice: up to 3 attempts on 429, 5xx and I/O
 * errors; wait what {@code Retry-After} says when it is there, else exponential backoff (500 ms
 * doubling, with jitter between half and all of it). No fallback model: it knows of none.
 */
final class BackoffClient {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_ATTEMPTS = 3;
  private static final long BASE_MS = 500;

  private final OkHttpClient client = new OkHttpClient();
  private final String url;

  BackoffClient(String baseUrl) {
    this.url = baseUrl + "/api/v1/chat/completions";
  }

  /** True when the call ended in a 2xx. */
  boolean call(String callId, String json) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      Request request =
          new Request.Builder()
              .url(url)
              .header("x-bench-call", callId)
              .post(RequestBody.create(json, JSON))
              .build();
      long waitMs;
      try (Response r = client.newCall(request).execute()) {
        r.body().bytes();
        if (r.isSuccessful()) {
          return true;
        }
        if (attempt == MAX_ATTEMPTS || !(r.code() == 429 || r.code() >= 500)) {
          return false;
        }
        waitMs = retryAfterMs(r.header("Retry-After"), attempt);
      } catch (IOException e) {
        if (attempt == MAX_ATTEMPTS) {
          return false;
        }
        waitMs = retryAfterMs(null, attempt);
      }
      Thread.sleep(waitMs);
    }
  }

  private static long retryAfterMs(String retryAfter, int attempt) {
    if (retryAfter != null) {
      try {
        return Long.parseLong(retryAfter.trim()) * 1000;
      } catch (NumberFormatException ignored) {
        // An HTTP date, which few hand-written clients parse: fall back to backoff, as they do.
      }
    }
    long backoff = BASE_MS << (attempt - 1);
    return backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
  }
}
