package dev.rebound.agent.instrument.jdk;

import dev.rebound.agent.boot.JdkHttpBridge;
import dev.rebound.agent.boot.JdkHttpHandler;
import dev.rebound.agent.boot.MethodOutcome;
import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.instrument.AgentRuntime;
import java.lang.ref.Reference;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandler;

/**
 * What the boot bridge calls for every {@code send}/{@code sendAsync} of a JDK client: decides
 * whether the call is managed and runs it, or returns null so that the original method runs
 * unchanged. The fail-open boundary of the JDK client: before anything is sent, any failure inside
 * Rebound lets the original run; after, the application gets the last real outcome. Each failure
 * counts as an agent error. Thread-safe (stateless).
 */
public final class JdkHttpClientAdapter implements JdkHttpHandler {

  /** Puts the adapter in the bridge's slot; called once the bridge is on the boot class path. */
  static void install() {
    JdkHttpBridge.install(new JdkHttpClientAdapter());
  }

  @Override
  public MethodOutcome send(Object facade, Object impl, Object request, Object handler) {
    AgentRuntime runtime = AgentRuntime.current();
    if (runtime == null) {
      return null;
    }
    JdkSyncCall call;
    try {
      call = JdkSyncCall.of((HttpClient) impl, (HttpRequest) request, runtime);
    } catch (Throwable t) {
      return failOpen(runtime, t);
    }
    if (call == null) {
      runtime.metrics().passthrough();
      return null;
    }
    try {
      return call.run((BodyHandler<?>) handler);
    } catch (Throwable t) {
      runtime.metrics().agentError();
      Diagnostics.debug("jdk call failed open: " + t);
      return call.afterFailure((BodyHandler<?>) handler);
    } finally {
      // The facade must outlive the loop: the JDK stops the client's selector thread once the
      // facade is unreachable and nothing is in flight, which is the case during a backoff.
      Reference.reachabilityFence(facade);
    }
  }

  @Override
  public MethodOutcome sendAsync(
      Object facade, Object impl, Object request, Object handler, Object pushHandler) {
    AgentRuntime runtime = AgentRuntime.current();
    if (runtime == null) {
      return null;
    }
    try {
      JdkHttpCalls.Candidate candidate = JdkHttpCalls.candidate((HttpRequest) request, runtime);
      if (candidate == null) {
        runtime.metrics().passthrough();
        return null;
      }
      // Attempts are sent without the push-promise handler: a pushed response of a failed attempt
      // must not reach the application, and LLM APIs do not push.
      JdkAsyncCall<?> call =
          new JdkAsyncCall<>(
              facade, (HttpClient) impl, candidate, (BodyHandler<?>) handler, runtime);
      return MethodOutcome.returning(call.start());
    } catch (Throwable t) {
      return failOpen(runtime, t);
    }
  }

  private static MethodOutcome failOpen(AgentRuntime runtime, Throwable t) {
    runtime.metrics().agentError();
    Diagnostics.debug("jdk call failed open: " + t);
    return null;
  }
}
