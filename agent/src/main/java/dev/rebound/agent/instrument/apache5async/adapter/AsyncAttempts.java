package dev.rebound.agent.instrument.apache5async.adapter;

import dev.rebound.agent.engine.AsyncTransport;
import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.instrument.apache.ApacheHooks;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.AsyncPushConsumer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.HandlerFactory;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Sends a managed async call's attempts through the application's client, each an exchange of its
 * own with a fresh producer of Rebound's body copy and an {@link AttemptConsumer}. Never blocks:
 * the returned future completes on Rebound's scheduler once the attempt's peek is read.
 * Thread-safe.
 */
final class AsyncAttempts implements AsyncTransport<AsyncExchange> {
  private final CloseableHttpAsyncClient client;
  private final HttpHost target;
  private final AsyncCalls.Managed managed;
  private final HandlerFactory<AsyncPushConsumer> pushHandlerFactory;
  private final HttpContext context;
  private final Executor engineThread;

  /**
   * The latest attempt, whose answer a failure inside Rebound hands over as it is. Read when the
   * call ends, not recorded by a callback of its own: the engine's callbacks on it may run first.
   */
  private volatile CompletableFuture<AsyncExchange> latest;

  private final ContentType contentType;

  AsyncAttempts(
      CloseableHttpAsyncClient client,
      HttpHost target,
      AsyncCalls.Managed managed,
      HandlerFactory<AsyncPushConsumer> pushHandlerFactory,
      HttpContext context,
      Executor engineThread) {
    this.client = client;
    this.target = target;
    this.managed = managed;
    this.pushHandlerFactory = pushHandlerFactory;
    this.context = context;
    this.engineThread = engineThread;
    this.contentType = ContentType.parse(managed.contentType());
  }

  @Override
  public CompletableFuture<AsyncExchange> send(AttemptRequest attempt) {
    AttemptConsumer consumer = new AttemptConsumer(attempt.stream(), engineThread);
    latest = consumer.head;
    try {
      BasicRequestProducer producer =
          new BasicRequestProducer(
              AsyncCalls.attemptHead(managed.head(), attempt),
              AsyncEntityProducers.create(attempt.body(), contentType));
      Future<Void> exchange;
      ApacheHooks.APACHE5_ASYNC.bypassNext();
      try {
        exchange =
            client.execute(
                target, producer, consumer, pushHandlerFactory, context, failures(consumer));
      } finally {
        ApacheHooks.APACHE5_ASYNC.clearBypass();
      }
      consumer.exchange(exchange);
    } catch (RuntimeException | LinkageError e) {
      // Never thrown at the engine: a send may run on the scheduler, where nobody would hear it.
      consumer.head.completeExceptionally(e);
      return consumer.head;
    }
    consumer.head.whenComplete(
        (x, e) -> {
          if (consumer.head.isCancelled()) {
            consumer.discard();
          }
        });
    return consumer.head;
  }

  /** The latest attempt's response, or null when it has none (yet). */
  AsyncExchange last() {
    CompletableFuture<AsyncExchange> f = latest;
    return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
  }

  /** The latest attempt's failure, or null when it has none. */
  Throwable lastFailure() {
    CompletableFuture<AsyncExchange> f = latest;
    if (f == null || !f.isCompletedExceptionally() || f.isCancelled()) {
      return null;
    }
    try {
      f.join();
      return null;
    } catch (java.util.concurrent.CompletionException e) {
      return e.getCause();
    }
  }

  /** The call as the application built it, sent once by the client itself. */
  Future<Object> sendOnce(AsyncResponseConsumer<Object> consumer, FutureCallback<Object> callback) {
    BasicRequestProducer producer =
        new BasicRequestProducer(
            managed.head(), AsyncEntityProducers.create(managed.call().body(), contentType));
    ApacheHooks.APACHE5_ASYNC.bypassNext();
    try {
      return client.execute(target, producer, consumer, pushHandlerFactory, context, callback);
    } finally {
      ApacheHooks.APACHE5_ASYNC.clearBypass();
    }
  }

  /** Failures the client reports only through its future (a client not started, say). */
  private static FutureCallback<Void> failures(AttemptConsumer consumer) {
    return new FutureCallback<>() {
      @Override
      public void completed(Void result) {
        // The consumer saw the end itself.
      }

      @Override
      public void failed(Exception ex) {
        consumer.failedBeforeResponse(ex);
      }

      @Override
      public void cancelled() {
        consumer.failedBeforeResponse(
            new java.util.concurrent.CancellationException("attempt cancelled"));
      }
    };
  }
}
