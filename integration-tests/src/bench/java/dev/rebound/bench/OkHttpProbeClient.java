package dev.rebound.bench;

import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** OkHttp 4, blocking {@code execute()}: what the OpenAI and Anthropic SDKs do underneath. */
final class OkHttpProbeClient implements ProbeClient {
  private static final MediaType JSON = MediaType.get("application/json");
  private final OkHttpClient client =
      new OkHttpClient.Builder().connectionPool(new ConnectionPool(8, 5, TimeUnit.MINUTES)).build();
  private final String url;

  public OkHttpProbeClient(String url) {
    this.url = url;
  }

  @Override
  public int post(String json) throws Exception {
    Request request = new Request.Builder().url(url).post(RequestBody.create(json, JSON)).build();
    try (Response r = client.newCall(request).execute()) {
      r.body().bytes();
      return r.code();
    }
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
