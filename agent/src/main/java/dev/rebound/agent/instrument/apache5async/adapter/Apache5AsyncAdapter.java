package dev.rebound.agent.instrument.apache5async.adapter;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.Failures;
import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache.ApacheHooks;
import dev.rebound.agent.instrument.apache.AsyncEntry;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.ComplexFuture;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.AsyncPushConsumer;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.HandlerFactory;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The HttpClient 5 async adapter's entry point, one per application class loader that holds the
 * client: runs a managed call on the engine's asynchronous driver, whose waits are scheduled on
 * Rebound's scheduler, and answers the application's consumer, future and callback once, with the
 * final attempt. {@code cancel()} on the returned future cancels the attempt in flight or the
 * pending wait. The fail-open boundary of async calls: a failure before the first send lets the
 * client's own method run. Thread-safe (stateless).
 */
public final class Apache5AsyncAdapter implements AsyncEntry {

  @Override
  @SuppressWarnings("unchecked")
  public Object execute(Object client, Object[] args) {
    // doExecute(target, requestProducer, responseConsumer, pushHandlerFactory, context, callback)
    HttpHost target = (HttpHost) args[0];
    AsyncResponseConsumer<Object> consumer = (AsyncResponseConsumer<Object>) args[2];
    HandlerFactory<AsyncPushConsumer> pushHandlerFactory =
        (HandlerFactory<AsyncPushConsumer>) args[3];
    HttpContext context = (HttpContext) args[4];
    FutureCallback<Object> callback = (FutureCallback<Object>) args[5];
    AgentRuntime runtime = AgentRuntime.current();
    AsyncCalls.Managed managed;
    try {
      managed = AsyncCalls.managed(target, (AsyncRequestProducer) args[1], context, runtime);
    } catch (HttpException | IOException e) {
      // The producer could not be read: let the client send it as the application built it.
      return null;
    } catch (AsyncCalls.SendOnce once) {
      runtime.unmanagedBody();
      return sendOnce(
          (CloseableHttpAsyncClient) client,
          target,
          once,
          consumer,
          pushHandlerFactory,
          context,
          callback);
    }
    if (managed == null) {
      runtime.passthrough();
      return null;
    }
    HttpContext attemptContext = context == null ? HttpClientContext.create() : context;
    ComplexFuture<Object> future = new ComplexFuture<>(callback);
    AsyncAttempts attempts =
        new AsyncAttempts(
            (CloseableHttpAsyncClient) client,
            target,
            managed,
            pushHandlerFactory,
            attemptContext,
            runtime.engine().scheduler());
    CompletableFuture<CallResult<AsyncExchange>> result;
    try {
      result = runtime.engine().executeAsync(managed.call(), attempts);
    } catch (Throwable t) {
      runtime.agentError();
      Diagnostics.debug("apache5-async call failed open: " + t);
      return null;
    }
    future.setDependency(() -> result.cancel(true));
    // On the scheduler, always: a call that finished before this line would otherwise answer the
    // application on its own thread, inside execute(), which the client itself never does.
    result.whenCompleteAsync(
        (r, error) -> finish(runtime, result, r, error, consumer, future, attemptContext, attempts),
        runtime.engine().scheduler());
    return future;
  }

  /** The application's call, sent once by the client itself with the body Rebound began to read. */
  private static Object sendOnce(
      CloseableHttpAsyncClient client,
      HttpHost target,
      AsyncCalls.SendOnce once,
      AsyncResponseConsumer<Object> consumer,
      HandlerFactory<AsyncPushConsumer> pushHandlerFactory,
      HttpContext context,
      FutureCallback<Object> callback) {
    ApacheHooks.APACHE5_ASYNC.bypassNext();
    try {
      return client.execute(
          target,
          new BasicRequestProducer(once.head, once.body),
          consumer,
          pushHandlerFactory,
          context,
          callback);
    } finally {
      ApacheHooks.APACHE5_ASYNC.clearBypass();
    }
  }

  private static void finish(
      AgentRuntime runtime,
      CompletableFuture<CallResult<AsyncExchange>> result,
      CallResult<AsyncExchange> r,
      Throwable error,
      AsyncResponseConsumer<Object> consumer,
      ComplexFuture<Object> future,
      HttpContext context,
      AsyncAttempts attempts) {
    if (result.isCancelled()) {
      // The application cancelled: its future said so already.
      consumer.releaseResources();
      return;
    }
    if (error == null) {
      try {
        AsyncResults.deliver(runtime, r, consumer, future, context);
        return;
      } catch (RuntimeException | LinkageError e) {
        error = e;
      }
    }
    failOpen(runtime, error, consumer, future, context, attempts);
  }

  /**
   * Something inside Rebound failed after the call began: the application hears once, with what the
   * last attempt really got (its response, without Rebound's headers, or its exception), or, when
   * nothing was sent, with the call sent once as it built it. A client's own failure (not started,
   * shut down) reaches it as the client reported it.
   */
  private static void failOpen(
      AgentRuntime runtime,
      Throwable error,
      AsyncResponseConsumer<Object> consumer,
      ComplexFuture<Object> future,
      HttpContext context,
      AsyncAttempts attempts) {
    Throwable cause = Failures.unwrap(error);
    AsyncExchange last = attempts.last();
    Throwable lastFailure = attempts.lastFailure();
    if (last == null && lastFailure == cause && cause instanceof Exception) {
      AsyncResults.fail((Exception) cause, consumer, future);
      return;
    }
    runtime.agentError();
    Diagnostics.debug("apache5-async call failed open: " + error);
    try {
      if (last != null && !last.consumer.discarded()) {
        last.consumer.deliver(
            Delivery.start(consumer, future, last.response, last.entity, context, null, null));
      } else if (lastFailure instanceof Exception failure) {
        AsyncResults.fail(failure, consumer, future);
      } else {
        future.setDependency(attempts.sendOnce(consumer, Delivery.relayTo(future)));
      }
    } catch (RuntimeException | LinkageError e) {
      Diagnostics.debug("apache5-async call could not fail open: " + e);
      future.failed(cause instanceof Exception c ? c : new java.io.IOException(cause));
    }
  }

  @Override
  public boolean passThroughRetry(Object[] args) throws Exception {
    AsyncExecChain.Scope scope = (AsyncExecChain.Scope) args[2];
    if (!(scope.originalRequest instanceof AttemptHead)) {
      return false;
    }
    ((AsyncExecChain) args[3])
        .proceed(
            (org.apache.hc.core5.http.HttpRequest) args[0],
            (AsyncEntityProducer) args[1],
            scope,
            (AsyncExecCallback) args[4]);
    return true;
  }
}
