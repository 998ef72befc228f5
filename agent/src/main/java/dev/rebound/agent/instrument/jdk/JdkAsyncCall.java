package dev.rebound.agent.instrument.jdk;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.engine.AsyncTransport;
import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.ClientClosedException;
import dev.rebound.agent.engine.Failures;
import dev.rebound.agent.engine.LlmCall;
import dev.rebound.agent.instrument.AgentRuntime;
import java.io.IOException;
import java.lang.ref.Reference;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * One managed {@code HttpClient.sendAsync}. The application gets a future at once; attempts are
 * sent with the implementation's own {@code sendAsync}, waits run on Rebound's scheduler (never on
 * the client's executor or the caller's thread), and the final attempt is handed to the
 * application's handler on the client's executor (or the common pool, where the JDK completes
 * dependent stages). Cancelling the application's future cancels the attempt in flight or the
 * pending wait. A fail-open boundary: its callbacks run outside the advice. Thread-safe.
 *
 * @param <T> the application's body type
 */
final class JdkAsyncCall<T> implements AsyncTransport<JdkExchange> {
  /** Held until the call ends: the JDK stops its selector once the facade is unreachable. */
  private final Object facade;

  private final HttpClient client;
  private final HttpRequest request;
  private final BodyHandler<T> handler;
  private final JdkHttpCalls.Candidate candidate;
  private final AgentRuntime runtime;
  private final CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
  private volatile CompletableFuture<CallResult<JdkExchange>> engine;
  private volatile CompletableFuture<HttpResponse<T>> delivering;
  private volatile byte[] body;

  /** The latest attempt's answer, for a failure inside Rebound to hand over as it is. */
  private volatile JdkExchange last;

  private volatile Throwable lastFailure;
  private volatile boolean sendableAsIs;

  JdkAsyncCall(
      Object facade,
      HttpClient client,
      JdkHttpCalls.Candidate candidate,
      BodyHandler<T> handler,
      AgentRuntime runtime) {
    this.facade = facade;
    this.client = client;
    this.request = candidate.request();
    this.candidate = candidate;
    this.handler = handler;
    this.runtime = runtime;
  }

  /** Starts the call; the future the application gets. */
  CompletableFuture<HttpResponse<T>> start() {
    result.whenComplete(
        (r, e) -> {
          if (result.isCancelled()) {
            cancel(engine);
            cancel(delivering);
          }
          Reference.reachabilityFence(facade);
        });
    JdkHttpCalls.read(candidate, runtime).whenComplete(this::onBody);
    return result;
  }

  private void onBody(byte[] bytes, Throwable error) {
    if (result.isDone()) {
      return;
    }
    if (error != null) {
      Throwable cause = Failures.unwrap(error);
      if (cause instanceof RequestBodyReader.BodyTooLarge tooLarge) {
        // Past rebound.max-request-body: sent once, as it is, and counted (SPEC §2).
        runtime.unmanagedBody();
        CompletableFuture<HttpResponse<T>> f =
            client.sendAsync(JdkRequests.withTooLargeBody(request, tooLarge), handler);
        delivering = f;
        // On the client's executor, as the JDK would: never inside the application's sendAsync.
        f.whenCompleteAsync(this::complete, deliveryExecutor());
        return;
      }
      // The application's publisher failed: the JDK would have failed the request with it too.
      result.completeExceptionally(JdkSyncCall.asIo(cause));
      return;
    }
    body = bytes;
    sendableAsIs = JdkRequests.sendableAsIs(request, candidate.replayable());
    try {
      LlmCall call = JdkHttpCalls.call(candidate, bytes);
      if (call == null) {
        runtime.passthrough();
        sendUnmanaged();
        return;
      }
      CompletableFuture<CallResult<JdkExchange>> f = runtime.engine().executeAsync(call, this);
      engine = f;
      f.whenCompleteAsync(this::onEngine, deliveryExecutor())
          .whenComplete(
              (v, rejected) -> {
                // Only when the client's executor refused the hand-over (it was shut down): the
                // application's future must still end.
                if (rejected != null) {
                  result.completeExceptionally(JdkSyncCall.asIo(Failures.unwrap(rejected)));
                }
              });
      if (result.isCancelled()) {
        f.cancel(true);
      }
    } catch (Throwable t) {
      failOpen(t);
    }
  }

  @Override
  public CompletableFuture<JdkExchange> send(AttemptRequest attempt) {
    HeldBody.Handler handler = new HeldBody.Handler(attempt.stream());
    CompletableFuture<HttpResponse<HeldBody>> jdk;
    try {
      HttpRequest r = JdkRequests.attempt(request, sendableAsIs ? body : null, attempt);
      // Completes once the attempt can be judged: its body held, a 2xx stream's start read.
      jdk = client.sendAsync(r, handler);
    } catch (RuntimeException e) {
      // The JDK rejects the request itself (a closed client, a bad header): the call fails with it.
      lastFailure = e;
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<JdkExchange> future = new CompletableFuture<>();
    future.whenComplete(
        (x, e) -> {
          if (future.isCancelled()) {
            jdk.cancel(true);
            handler.discard();
          }
        });
    jdk.whenComplete(
        (response, error) -> {
          if (error != null) {
            failed(future, error);
            return;
          }
          // The peek is read by now: the engine never blocks on it.
          JdkExchange exchange = new JdkExchange(response);
          last = exchange;
          if (!future.complete(exchange)) {
            exchange.discard();
          }
        });
    return future;
  }

  private void failed(CompletableFuture<JdkExchange> attempt, Throwable error) {
    Throwable cause = Failures.unwrap(error);
    lastFailure = cause;
    attempt.completeExceptionally(
        ClosedClient.isClosed(cause) ? new ClientClosedException((IOException) cause) : cause);
  }

  private void onEngine(CallResult<JdkExchange> r, Throwable error) {
    try {
      if (result.isDone()) {
        if (r instanceof CallResult.Deliver<JdkExchange> d) {
          d.exchange().discard();
        }
        return;
      }
      if (error != null) {
        Throwable cause = Failures.unwrap(error);
        if (last == null && cause == lastFailure) {
          // The JDK refused the request itself: the application hears it as the JDK would say it.
          result.completeExceptionally(cause);
          return;
        }
        // Something inside Rebound failed: what the last attempt really got.
        runtime.agentError();
        Diagnostics.debug("jdk async call failed open: " + cause);
        deliverLast();
        return;
      }
      CompletableFuture<HttpResponse<T>> response =
          JdkResponses.toResponse(r, request, handler, runtime);
      delivering = response;
      response.whenComplete(this::complete);
      if (result.isCancelled()) {
        response.cancel(true);
      }
    } catch (Throwable t) {
      runtime.agentError();
      Diagnostics.debug("jdk async call failed: " + t);
      deliverRaw(r, error);
    }
  }

  /** The last attempt's response, its exception, or the request once as built. */
  private void deliverLast() {
    JdkExchange exchange = last;
    Throwable failure = lastFailure;
    try {
      if (exchange != null && !exchange.discarded) {
        CompletableFuture<HttpResponse<T>> response =
            JdkResponses.toResponse(exchange, Map.of(), null, request, handler);
        delivering = response;
        response.whenComplete(this::complete);
        return;
      }
      if (failure instanceof IOException io) {
        result.completeExceptionally(io);
        return;
      }
    } catch (Throwable t) {
      Diagnostics.debug("jdk async call could not deliver the last attempt: " + t);
    }
    sendUnmanaged();
  }

  /**
   * Something inside Rebound failed after attempts were sent: the application gets what the last
   * attempt really got (its response, without Rebound's headers, or its exception); only when there
   * is nothing real to give does the request go once more, as the application built it.
   */
  private void deliverRaw(CallResult<JdkExchange> r, Throwable error) {
    try {
      if (r instanceof CallResult.Deliver<JdkExchange> d) {
        CompletableFuture<HttpResponse<T>> response =
            JdkResponses.toResponse(d.exchange(), Map.of(), null, request, handler);
        delivering = response;
        response.whenComplete(this::complete);
        return;
      }
      if (r instanceof CallResult.Fail<JdkExchange> fail) {
        result.completeExceptionally(fail.failure());
        return;
      }
    } catch (Throwable t) {
      Diagnostics.debug("jdk async call could not deliver the last attempt: " + t);
    }
    deliverLast();
  }

  private void complete(HttpResponse<T> response, Throwable error) {
    if (error == null) {
      result.complete(response);
    } else {
      result.completeExceptionally(JdkSyncCall.asIo(Failures.unwrap(error)));
    }
  }

  /** Before anything was sent: the request goes once, as the application built it. */
  private void failOpen(Throwable t) {
    runtime.agentError();
    Diagnostics.debug("jdk async call failed open: " + t);
    if (engine == null) {
      sendUnmanaged();
    } else {
      // The engine runs on: its result, whatever it is, goes to the application as it is.
      engine.whenComplete(this::deliverRaw);
    }
  }

  private void sendUnmanaged() {
    HttpRequest once =
        candidate.replayable() ? request : JdkRequests.withBody(request, body).build();
    CompletableFuture<HttpResponse<T>> f = client.sendAsync(once, handler);
    delivering = f;
    f.whenCompleteAsync(this::complete, deliveryExecutor());
  }

  private Executor deliveryExecutor() {
    return client.executor().orElse(ForkJoinPool.commonPool());
  }

  private static void cancel(CompletableFuture<?> f) {
    if (f != null) {
      f.cancel(true);
    }
  }
}
