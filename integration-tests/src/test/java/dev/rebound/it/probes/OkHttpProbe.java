package dev.rebound.it.probes;

import java.io.IOException;
import java.util.List;
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
 * It reads one call per line on stdin ({@code mode url base64(body) base64(headers)}) and prints
 * what it got. Compiled against OkHttp 4.12 using only API that 3.14 and 5.x share, so the same
 * class runs on every version.
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
    ProbeIo.serve((mode, url, body, headers, out) -> run(client, mode, url, body, headers, out));
    // OkHttp's dispatcher threads would keep the JVM up for their one-minute keep-alive.
    System.exit(0);
  }

  @SuppressWarnings(
      "deprecation") // RequestBody.create(MediaType, String): the one form 3.14 and 5.x share
  private static void run(
      OkHttpClient client,
      String mode,
      String url,
      String body,
      List<String[]> headers,
      ProbeIo.Out out)
      throws Exception {
    Request.Builder b = new Request.Builder().url(url);
    for (String[] h : headers) {
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
    if (mode.startsWith("cancel")) {
      // Cancel while Rebound waits to retry: the application must hear at once, not after the wait.
      CompletableFuture<Response> r = enqueueAsync(call);
      Thread.sleep(300);
      long cancelled = System.nanoTime();
      call.cancel();
      try {
        r.get(60, TimeUnit.SECONDS).close();
        out.status(0);
      } catch (java.util.concurrent.ExecutionException e) {
        long ms = (System.nanoTime() - cancelled) / 1_000_000;
        out.error(e.getCause().getClass().getName() + " after " + ms + "ms");
      }
      return;
    }
    Response response = mode.contains("async") ? enqueue(call) : call.execute();
    try {
      out.status(response.code());
      for (int i = 0; i < response.headers().size(); i++) {
        out.header(response.headers().name(i), response.headers().value(i));
      }
      if (mode.startsWith("stream")) {
        BufferedSource source = response.body().source();
        String l;
        while ((l = source.readUtf8Line()) != null) {
          out.chunk(l);
        }
      } else {
        out.body(response.body().string());
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
}
