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
import okhttp3.Response;

/**
 * The OkHttp adapter's entry point, one per application class loader that holds OkHttp.
 * Thread-safe.
 */
public final class OkHttpAdapter implements OkHttpEntry {
  private final ReboundInterceptor interceptor = new ReboundInterceptor();

  /** Calls Rebound drives, by the application's Call, so that cancel() can reach them. */
  private final Map<Call, OkHttpAsyncCall> running = new ConcurrentHashMap<>();

  /** Requests sent once for the application's Call, by that Call, so that cancel() reaches them. */
  private final Map<Call, Runnable> onCancel = new ConcurrentHashMap<>();

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
    if (runtime == null || r.tag(AttemptTag.class) != null || !OkHttpCalls.isLlmHost(r, runtime)) {
      return false;
    }
    // Before the body is read: a one-shot body read here can only be sent by Rebound.
    OkHttpClient client = RealCallClient.of(original);
    if (client == null) {
      return false;
    }
    LlmCall llmCall;
    try {
      llmCall = OkHttpCalls.managed(r, runtime);
    } catch (OkHttpCalls.SendOnce tooLong) {
      runtime.unmanagedBody();
      sendOnce(original, client, tooLong.request(), (Callback) callback);
      return true;
    } catch (IOException e) {
      // The body could not be read: let OkHttp send it as the application built it.
      return false;
    }
    if (llmCall == null) {
      return false;
    }
    OkHttpAsyncCall async = new OkHttpAsyncCall(original, client, r, (Callback) callback);
    running.put(original, async);
    async.start(runtime, llmCall, () -> running.remove(original));
    return true;
  }

  /**
   * Sends a request whose body Rebound had to read once, unmanaged; the application's callback
   * hears with its own call, and cancelling that call cancels this one.
   */
  private void sendOnce(Call original, OkHttpClient client, Request once, Callback callback) {
    Call call =
        client.newCall(once.newBuilder().tag(AttemptTag.class, AttemptTag.INSTANCE).build());
    onCancel.put(original, call::cancel);
    call.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call c, IOException e) {
            onCancel.remove(original);
            callback.onFailure(original, e);
          }

          @Override
          public void onResponse(Call c, Response response) throws IOException {
            onCancel.remove(original);
            callback.onResponse(original, response);
          }
        });
  }

  @Override
  public void cancel(Object call) {
    Runnable cancel = onCancel.remove(call);
    if (cancel != null) {
      cancel.run();
    }
    OkHttpAsyncCall async = running.remove(call);
    if (async != null) {
      async.cancel();
    }
  }
}
