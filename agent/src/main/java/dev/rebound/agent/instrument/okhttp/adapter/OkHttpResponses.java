package dev.rebound.agent.instrument.okhttp.adapter;

import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.StreamTail;
import dev.rebound.agent.instrument.AgentRuntime;
import java.io.IOException;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * Turns what the engine decided into the response (or exception) the application gets. Stateless.
 */
final class OkHttpResponses {
  private static final MediaType JSON = MediaType.parse("application/json");

  private OkHttpResponses() {}

  static Response toResponse(CallResult<OkHttpExchange> result, Request request)
      throws IOException {
    if (result instanceof CallResult.Fail<OkHttpExchange> fail) {
      throw fail.failure();
    }
    if (result instanceof CallResult.Synthetic<OkHttpExchange> own) {
      Response.Builder b =
          new Response.Builder()
              .request(request)
              .protocol(Protocol.HTTP_1_1)
              .code(own.status())
              .message("Service Unavailable")
              .body(new BytesResponseBody(JSON, own.body()));
      addHeaders(b, own.headers());
      return b.build();
    }
    CallResult.Deliver<OkHttpExchange> deliver = (CallResult.Deliver<OkHttpExchange>) result;
    Response response = deliver.exchange().response;
    Response.Builder b = response.newBuilder();
    addHeaders(b, deliver.headers());
    ResponseBody body = response.body();
    if (body != null && deliver.completion().isPending()) {
      String model = deliver.headers().get("x-rebound-model");
      StreamTail tail = AgentRuntime.current().engine().streamTail(model);
      b.body(new WatchedStreamBody(body, tail, deliver));
    }
    return b.build();
  }

  private static void addHeaders(Response.Builder b, Map<String, String> headers) {
    for (Map.Entry<String, String> header : headers.entrySet()) {
      b.header(header.getKey(), header.getValue());
    }
  }

  /** A fixed body, for Rebound's own 503s. */
  private static final class BytesResponseBody extends ResponseBody {
    private final MediaType type;
    private final byte[] bytes;

    BytesResponseBody(MediaType type, byte[] bytes) {
      this.type = type;
      this.bytes = bytes;
    }

    @Override
    public MediaType contentType() {
      return type;
    }

    @Override
    public long contentLength() {
      return bytes.length;
    }

    @Override
    public okio.BufferedSource source() {
      return new Buffer().write(bytes);
    }
  }
}
