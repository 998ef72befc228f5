package dev.rebound.agent.instrument.okhttp.adapter;

import dev.rebound.agent.engine.LlmCall;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.okhttp.OkHttpEntry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The OkHttp adapter's entry point, one per application class loader that holds OkHttp. Thread-safe.
 */
public final class OkHttpAdapter implements OkHttpEntry {
  private final ReboundInterceptor interceptor = new ReboundInterceptor();
  /** Calls Rebound drives, by the application's Call, so that cancel() can reach them. */
  private final Map<Call, OkHttpAsyncCall> running = new ConcurrentHashMap<>();

  @Override
  public Object interceptor() {
    return interceptor;
  }

  @Override
  public boolean enqueue(Object call, Object client, Object request, Object callback) {
    Request r = (Request) request;
    AgentRuntime runtime = AgentRuntime.current();
    if (runtime == null || r.tag(AttemptTag.class) != null) {
      return false;
    }
    LlmCall llmCall;
    try {
      llmCall = OkHttpCalls.managed(r, runtime);
    } catch (IOException e) {
      // The body could not be read: let OkHttp send it as the application built it.
      return false;
    }
    if (llmCall == null) {
      return false;
    }
    Call original = (Call) call;
    OkHttpAsyncCall async = new OkHttpAsyncCall(original, (OkHttpClient) client, r, (Callback) callback);
    running.put(original, async);
    async.start(runtime, llmCall, () -> running.remove(original));
    return true;
  }

  @Override
  public void cancel(Object call) {
    OkHttpAsyncCall async = running.remove(call);
    if (async != null) {
      async.cancel();
    }
  }
}
