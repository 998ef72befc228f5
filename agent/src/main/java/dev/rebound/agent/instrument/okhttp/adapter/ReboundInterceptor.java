package dev.rebound.agent.instrument.okhttp.adapter;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.LlmCall;
import dev.rebound.agent.instrument.AgentRuntime;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Rebound's application interceptor, the innermost one: a managed call's attempts are sent from
 * here with {@code chain.proceed}, as OkHttp allows an application interceptor to do; every other
 * request passes straight on. The fail-open boundary of blocking OkHttp calls. Thread-safe
 * (stateless).
 */
public final class ReboundInterceptor implements Interceptor {

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    AgentRuntime runtime = AgentRuntime.current();
    if (runtime == null || request.tag(AttemptTag.class) != null) {
      // An attempt of an asynchronous call Rebound drives: already decided, send as it is.
      return chain.proceed(request);
    }
    LlmCall call;
    try {
      call = OkHttpCalls.managed(request, runtime);
    } catch (OkHttpCalls.SendOnce tooLong) {
      runtime.unmanagedBody();
      return chain.proceed(tooLong.request());
    } catch (Throwable t) {
      return failOpen(runtime, t, chain, request, null);
    }
    if (call == null) {
      runtime.passthrough();
      return chain.proceed(request);
    }
    OkHttpTransport transport = new OkHttpTransport(chain, request);
    CallResult<OkHttpExchange> result;
    try {
      if (OkHttpRequests.sendableAsIs(request)) {
        transport.sameBody = call.body();
      }
      result = runtime.engine().execute(call, transport);
    } catch (Throwable t) {
      return failOpen(runtime, t, chain, request, transport);
    }
    return OkHttpResponses.toResponse(result, request);
  }

  /**
   * Something inside Rebound failed: an attempt that came back and was not yet closed is the real
   * outcome; otherwise the application's request goes (once more), unmanaged.
   */
  private static Response failOpen(
      AgentRuntime runtime, Throwable t, Chain chain, Request request, OkHttpTransport transport)
      throws IOException {
    runtime.agentError();
    Diagnostics.debug("okhttp call failed open: " + t);
    if (transport != null && transport.last != null && !transport.last.discarded) {
      return transport.last.response;
    }
    return chain.proceed(request);
  }
}
