package dev.rebound.it.probes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * An ordinary OkHttp application, run in a forked JVM with the agent: it knows nothing of Rebound.
 * It reads one call per line on stdin ({@code mode url base64(body) base64(headers)}) and prints what
 * it got. Compiled against OkHttp 4.12 using only API that 3.14 and 5.x share, so the same class runs
 * on every version.
 */
public final class OkHttpProbe {
  private static final MediaType JSON = MediaType.parse("application/json");

  private OkHttpProbe() {}

  public static void main(String[] args) throws Exception {
    // Built once, before any call, as applications do; newBuilder() copies are tested too.
    OkHttpClient base =
        new OkHttpClient.Builder()
            .readTimeout(Long.getLong("probe.readTimeoutMs", 10_000), TimeUnit.MILLISECONDS)
            .build();
    OkHttpClient client = base.newBuilder().build();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("READY");
    String line;
    while ((line = in.readLine()) != null) {
      String[] f = line.split(" ", -1);
      StringBuilder out = new StringBuilder();
      try {
        run(client, f[0], f[1], decode(f[2]), decode(f[3]), out);
      } catch (IOException | RuntimeException e) {
        out.append("ERROR ").append(e.getClass().getName()).append(' ').append(e.getMessage()).append('\n');
      }
      System.out.print(out.append("END\n"));
      System.out.flush();
    }
    // OkHttp's dispatcher threads would keep the JVM up for their one-minute keep-alive.
    System.exit(0);
  }

  @SuppressWarnings("deprecation") // RequestBody.create(MediaType, String): the one form 3.14 and 5.x share
  private static void run(OkHttpClient client, String mode, String url, String body, String headers, StringBuilder out)
      throws Exception {
    Request.Builder b = new Request.Builder().url(url);
    for (String[] h : ProbeIo.headers(headers)) {
      b.header(h[0], h[1]);
    }
    if (mode.startsWith("get")) {
      b.get();
    } else if (mode.startsWith("oneshot")) {
      b.post(oneShot(body));
    } else {
      b.post(RequestBody.create(JSON, body));
    }
    Call call = client.newCall(b.build());
    long start = System.nanoTime();
    if (mode.startsWith("cancel")) {
      // Cancel while Rebound waits to retry: the application must hear at once, not after the wait.
      CompletableFuture<Response> r = enqueueAsync(call);
      Thread.sleep(300);
      long cancelled = System.nanoTime();
      call.cancel();
      try {
        r.get(60, TimeUnit.SECONDS).close();
        out.append("STATUS 0\n");
      } catch (java.util.concurrent.ExecutionException e) {
        long ms = (System.nanoTime() - cancelled) / 1_000_000;
        out.append("ERROR ").append(e.getCause().getClass().getName()).append(" after ").append(ms).append("ms\n");
      }
      return;
    }
    Response response = mode.contains("async") ? enqueue(call) : call.execute();
    try {
      out.append("STATUS ").append(response.code()).append('\n');
      for (int i = 0; i < response.headers().size(); i++) {
        out.append("HEADER ").append(response.headers().name(i)).append(": ").append(response.headers().value(i)).append('\n');
      }
      if (mode.startsWith("stream")) {
        BufferedSource source = response.body().source();
        String l;
        while ((l = source.readUtf8Line()) != null) {
          long ms = (System.nanoTime() - start) / 1_000_000;
          out.append("CHUNK ").append(ms).append(' ').append(encode(l)).append('\n');
        }
      } else {
        out.append("BODY ").append(encode(response.body().string())).append('\n');
      }
    } finally {
      response.close();
    }
  }

  /** A body that can be written once only, as streaming uploads are; its length is unknown. */
  private static RequestBody oneShot(String body) {
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return JSON;
      }

      @Override
      public boolean isOneShot() {
        return true;
      }

      @Override
      public void writeTo(okio.BufferedSink sink) throws IOException {
        sink.writeUtf8(body);
      }
    };
  }

  private static Response enqueue(Call call) throws Exception {
    try {
      return enqueueAsync(call).get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }

  private static CompletableFuture<Response> enqueueAsync(Call call) {
    CompletableFuture<Response> result = new CompletableFuture<>();
    String thread = Thread.currentThread().getName();
    call.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call c, IOException e) {
            result.completeExceptionally(c == call ? e : new IllegalStateException("foreign call"));
          }

          @Override
          public void onResponse(Call c, Response r) {
            if (c != call || Thread.currentThread().getName().equals(thread)) {
              result.completeExceptionally(new IllegalStateException("foreign call or thread"));
            }
            result.complete(r);
          }
        });
    return result;
  }

  private static String decode(String s) {
    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
