package dev.rebound.agent.instrument.apache5async.adapter;

import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.StreamTail;
import dev.rebound.agent.instrument.AgentRuntime;
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
      fail(fail.failure(), consumer, future);
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

  /** The call failed as the client reported it: the application's consumer and future hear it. */
  static void fail(
      Exception failure, AsyncResponseConsumer<Object> consumer, ComplexFuture<Object> future) {
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
