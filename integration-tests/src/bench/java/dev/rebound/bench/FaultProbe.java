package dev.rebound.bench;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The application under faults, knowing nothing of Rebound. Arguments: {@code sdk|backoff baseUrl
 * model calls outageCalls threads}. Makes {@code calls} calls ({@code faults-<i>}), then {@code
 * outageCalls} calls ({@code outage-<i>}), each phase from {@code threads} threads, and prints
 * {@code CALL <id> <1|0 for success> <µs>} for each. The call id travels in {@code x-bench-call} so
 * that the server can count requests per call.
 */
public final class FaultProbe {
  private FaultProbe() {}

  /** One logical call of the application. */
  interface App {
    boolean call(String callId) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    String baseUrl = args[1];
    String model = args[2];
    App app = args[0].equals("sdk") ? sdk(baseUrl, model) : backoff(baseUrl, model);
    int threads = Integer.parseInt(args[5]);
    phase(app, "faults-", Integer.parseInt(args[3]), threads);
    phase(app, "outage-", Integer.parseInt(args[4]), threads);
    System.exit(0);
  }

  /** The OpenAI Java SDK as its README shows it: default retries (2) and timeouts. */
  static App sdk(String baseUrl, String model) {
    OpenAIClient client =
        OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/api/v1").apiKey("sk-bench").build();
    return id -> {
      try {
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model(model)
                    .addUserMessage("Say hi")
                    .putAdditionalHeader("x-bench-call", id)
                    .build());
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    };
  }

  static App backoff(String baseUrl, String model) {
    BackoffClient client = new BackoffClient(baseUrl);
    String json =
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";
    return id -> client.call(id, json);
  }

  private static void phase(App app, String prefix, int calls, int threads)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < calls; i++) {
      String id = prefix + i;
      pool.execute(
          () -> {
            long start = System.nanoTime();
            boolean ok;
            try {
              ok = app.call(id);
            } catch (Exception e) {
              ok = false;
            }
            long micros = (System.nanoTime() - start) / 1000;
            synchronized (System.out) {
              System.out.println("CALL " + id + " " + (ok ? 1 : 0) + " " + micros);
            }
          });
    }
    pool.shutdown();
    if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("calls still running after 5 minutes");
    }
  }
}
