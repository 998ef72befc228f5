package dev.rebound.agent.instrument.jdk;

import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.LlmCall;
import dev.rebound.agent.hook.Gate;
import dev.rebound.agent.instrument.AgentRuntime;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * One managed {@code HttpClient.send}: the engine's loop on the calling thread, then the final
 * attempt handed to the application's body handler, with the JDK's own exceptions ({@code
 * IOException}, {@code InterruptedException}). Confined to the calling thread.
 */
final class JdkSyncCall {
  private final HttpClient client;
  private final HttpRequest request;
  private final JdkHttpCalls.Candidate candidate;
  private final AgentRuntime runtime;
  private final JdkSyncTransport transport;
  private byte[] body;

  JdkSyncCall(HttpClient client, JdkHttpCalls.Candidate candidate, AgentRuntime runtime) {
    this.client = client;
    this.request = candidate.request();
    this.candidate = candidate;
    this.runtime = runtime;
    this.transport = new JdkSyncTransport(client, request);
  }

  /** Runs the call; null when the body turned out not to be JSON (the original method runs). */
  Object run(BodyHandler<?> handler) {
    try {
      body = JdkHttpCalls.read(candidate, runtime).get();
    } catch (InterruptedException e) {
      return Gate.thrown(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RequestBodyReader.BodyTooLarge tooLarge) {
        return sendOnce(tooLarge, handler);
      }
      // The application's publisher failed: the JDK would have failed the request with it too.
      return Gate.thrown(asIo(e.getCause()));
    }
    LlmCall call = JdkHttpCalls.call(candidate, body);
    if (call == null) {
      runtime.passthrough();
      return null;
    }
    if (JdkRequests.sendableAsIs(request, candidate.replayable())) {
      transport.sameBody = body;
    }
    CallResult<JdkExchange> result = runtime.engine().execute(call, transport);
    if (result instanceof CallResult.Fail<JdkExchange> fail
        && fail.failure() instanceof InterruptedIOException
        && Thread.interrupted()) {
      return Gate.thrown(new InterruptedException(fail.failure().getMessage()));
    }
    return await(JdkResponses.toResponse(result, request, handler, runtime));
  }

  /** A body past {@code rebound.max-request-body}: sent once, as it is, and counted (SPEC §2). */
  private Object sendOnce(RequestBodyReader.BodyTooLarge body, BodyHandler<?> handler) {
    runtime.unmanagedBody();
    try {
      return client.send(JdkRequests.withTooLargeBody(request, body), handler);
    } catch (IOException | InterruptedException e) {
      return Gate.thrown(e);
    }
  }

  /**
   * Something inside Rebound failed: the last attempt's response if the application can still have
   * it, or one request as the application built it (Rebound's copy of a one-shot body); null lets
   * the original method run.
   */
  Object afterFailure(BodyHandler<?> handler) {
    JdkExchange last = transport.last;
    if (last != null && !last.discarded) {
      return await(JdkResponses.toResponse(last, Map.of(), null, request, handler));
    }
    if (body == null || candidate.replayable()) {
      return null;
    }
    try {
      return client.send(JdkRequests.withBody(request, body).build(), handler);
    } catch (IOException | InterruptedException e) {
      return Gate.thrown(e);
    }
  }

  /** Waits for the application's body handler as the JDK's {@code send} does. */
  private static Object await(Future<? extends HttpResponse<?>> response) {
    try {
      return response.get();
    } catch (InterruptedException e) {
      response.cancel(true);
      return Gate.thrown(e);
    } catch (ExecutionException e) {
      return Gate.thrown(asIo(e.getCause()));
    }
  }

  static IOException asIo(Throwable t) {
    return t instanceof IOException io ? io : new IOException(t.getMessage(), t);
  }
}
