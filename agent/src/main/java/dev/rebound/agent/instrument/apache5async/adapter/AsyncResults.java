package dev.rebound.agent.instrument.apache5async.adapter;

import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.StreamTail;
import dev.rebound.agent.instrument.AgentRuntime;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.hc.core5.concurrent.ComplexFuture;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.impl.BasicEntityDetails;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;

/** Hands what the engine decided to the application's consumer and future. Stateless. */
final class AsyncResults {
  private AsyncResults() {}

  static void deliver(
      AgentRuntime runtime,
      CallResult<AsyncExchange> result,
      AsyncResponseConsumer<Object> consumer,
      ComplexFuture<Object> future,
      HttpContext context) {
    if (result instanceof CallResult.Fail<AsyncExchange> fail) {
      try {
        consumer.failed(fail.failure());
      } finally {
        future.failed(fail.failure());
        consumer.releaseResources();
      }
      return;
    }
    if (result instanceof CallResult.Synthetic<AsyncExchange> own) {
      synthetic(own, consumer, future, context);
      return;
    }
    CallResult.Deliver<AsyncExchange> deliver = (CallResult.Deliver<AsyncExchange>) result;
    AsyncExchange x = deliver.exchange();
    HttpResponse response = x.response;
    deliver.headers().forEach(response::setHeader);
    boolean stream = deliver.completion().isPending();
    StreamTail tail =
        stream ? runtime.engine().streamTail(deliver.headers().get("x-rebound-model")) : null;
    if (stream && x.entity == null) {
      deliver.streamEnded(null);
    }
    x.consumer.deliver(
        Delivery.start(
            consumer,
            future,
            response,
            x.entity,
            context,
            tail,
            stream && x.entity != null ? deliver : null));
  }

  /** Something inside Rebound failed after the call began: the application still hears once. */
  static void failEngine(
      AgentRuntime runtime,
      Throwable error,
      AsyncResponseConsumer<Object> consumer,
      ComplexFuture<Object> future) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    // A client's own failure (not started, shut down, a protocol error) reaches the application as
    // the client would have reported it; anything else is Rebound's.
    Exception failure;
    if (cause instanceof Exception e) {
      failure = e;
    } else {
      runtime.agentError();
      failure = new java.io.IOException("rebound: " + cause, cause);
    }
    try {
      consumer.failed(failure);
    } finally {
      future.failed(failure);
      consumer.releaseResources();
    }
  }

  private static void synthetic(
      CallResult.Synthetic<AsyncExchange> own,
      AsyncResponseConsumer<Object> consumer,
      ComplexFuture<Object> future,
      HttpContext context) {
    BasicHttpResponse response = new BasicHttpResponse(own.status(), "Service Unavailable");
    own.headers().forEach(response::setHeader);
    Delivery d =
        Delivery.start(
            consumer,
            future,
            response,
            new BasicEntityDetails(own.body().length, ContentType.APPLICATION_JSON),
            context,
            null,
            null);
    d.accept(own.body());
    d.accept(new AttemptConsumer.End(null));
    d.accept(AttemptConsumer.RELEASE);
  }
}
