package dev.rebound.agent.instrument.jdk;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.hook.HookHandler;
import dev.rebound.agent.instrument.AgentRuntime;
import java.lang.ref.Reference;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandler;

/**
 * The handlers of the JDK client's hook rows ({@link dev.rebound.agent.hook.HookTable}): {@code
 * send} and both {@code sendAsync} of {@code HttpClientFacade}. Each decides whether the call is
 * managed and runs it, or returns null so that the original method runs unchanged. The fail-open
 * boundary of the JDK client: before anything is sent, any failure inside Rebound lets the original
 * run; after, the application gets the last real outcome. Each failure counts as an agent error.
 * Thread-safe (stateless).
 */
public final class JdkHttpClientAdapter {
  private JdkHttpClientAdapter() {}

  /** {@code send(request, handler)}. */
  public static final class Send implements HookHandler {
    @Override
    public Object around(Object facade, Object[] args) {
      AgentRuntime runtime = AgentRuntime.current();
      return runtime == null ? null : send(facade, args[0], args[1], runtime);
    }
  }

  /** {@code sendAsync(request, handler[, pushPromiseHandler])}. */
  public static final class SendAsync implements HookHandler {
    @Override
    public Object around(Object facade, Object[] args) {
      AgentRuntime runtime = AgentRuntime.current();
      return runtime == null ? null : sendAsync(facade, args[0], args[1], runtime);
    }
  }

  private static Object send(Object facade, Object request, Object handler, AgentRuntime runtime) {
    JdkSyncCall call;
    try {
      JdkHttpCalls.Candidate candidate = JdkHttpCalls.candidate((HttpRequest) request, runtime);
      if (candidate == null) {
        runtime.passthrough();
        return null;
      }
      // Only now: a call to another host pays the host check and nothing else.
      call = new JdkSyncCall(FacadeImpl.of(facade), candidate, runtime);
    } catch (Throwable t) {
      return failOpen(runtime, t);
    }
    try {
      return call.run((BodyHandler<?>) handler);
    } catch (Throwable t) {
      runtime.agentError();
      Diagnostics.debug("jdk call failed open: " + t);
      return call.afterFailure((BodyHandler<?>) handler);
    } finally {
      // The facade must outlive the loop: the JDK stops the client's selector thread once the
      // facade is unreachable and nothing is in flight, which is the case during a backoff.
      Reference.reachabilityFence(facade);
    }
  }

  private static Object sendAsync(
      Object facade, Object request, Object handler, AgentRuntime runtime) {
    try {
      JdkHttpCalls.Candidate candidate = JdkHttpCalls.candidate((HttpRequest) request, runtime);
      if (candidate == null) {
        runtime.passthrough();
        return null;
      }
      // Attempts are sent without the push-promise handler: a pushed response of a failed attempt
      // must not reach the application, and LLM APIs do not push.
      JdkAsyncCall<?> call =
          new JdkAsyncCall<>(
              facade, FacadeImpl.of(facade), candidate, (BodyHandler<?>) handler, runtime);
      return call.start();
    } catch (Throwable t) {
      return failOpen(runtime, t);
    }
  }

  private static Object failOpen(AgentRuntime runtime, Throwable t) {
    runtime.agentError();
    Diagnostics.debug("jdk call failed open: " + t);
    return null;
  }
}
