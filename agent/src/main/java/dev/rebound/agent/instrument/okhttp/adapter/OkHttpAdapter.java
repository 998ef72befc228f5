package dev.rebound.agent.instrument.okhttp.adapter;

import dev.rebound.agent.engine.LlmCall;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.okhttp.OkHttpEntry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Interceptor;
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
  public void clientBuilt(Object builder) {
    List<Interceptor> interceptors = ((OkHttpClient.Builder) builder).interceptors();
    for (Interceptor existing : interceptors) {
      // By name: a copy from another application class loader is Rebound's all the same.
      if (existing.getClass().getName().equals(ReboundInterceptor.class.getName())) {
        return;
      }
    }
    interceptors.add(interceptor);
  }

  @Override
  public boolean enqueue(Object call, Object callback) {
    Call original = (Call) call;
    Request r = original.request();
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
    OkHttpClient client = RealCallClient.of(original);
    if (client == null) {
      return false;
    }
    OkHttpAsyncCall async = new OkHttpAsyncCall(original, client, r, (Callback) callback);
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
