package dev.rebound.agent.instrument.vertx.adapter;

import dev.rebound.agent.engine.AsyncTransport;
import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.instrument.vertx.VertxHooks;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Sends a managed Vert.x call's attempts: the first on the application's own request, every later
 * one on a fresh request of the same client with the same options, made on the original request's
 * context (so that its events, and the application's, stay there). Never blocks: the returned
 * future completes once the attempt's peek is read. Thread-safe.
 */
final class VertxAttempts implements AsyncTransport<VertxExchange> {
  private final WatchedRequest watched;
  private final Executor engineThread;
  private final VertxInternals internals;

  VertxAttempts(WatchedRequest watched, Executor engineThread, VertxInternals internals) {
    this.watched = watched;
    this.engineThread = engineThread;
    this.internals = internals;
  }

  @Override
  public CompletableFuture<VertxExchange> send(AttemptRequest attempt) {
    boolean onOriginal = watched.takeOriginal();
    AttemptReader reader = new AttemptReader(attempt.stream(), onOriginal, engineThread, internals);
    watched.attemptStarted(reader);
    reader.head.whenComplete(
        (x, e) -> {
          if (reader.head.isCancelled()) {
            reader.discard();
          }
        });
    if (reader.head.isDone()) {
      return reader.head;
    }
    try {
      if (onOriginal) {
        watched.sendOnOriginal(attempt.body(), attempt.path());
      } else {
        watched.context.runOnContext(v -> sendFresh(attempt, reader));
      }
    } catch (RuntimeException e) {
      // Never thrown at the engine: a send may run on the scheduler, where nobody would hear it.
      reader.failedFinal(e);
    }
    return reader.head;
  }

  private void sendFresh(AttemptRequest attempt, AttemptReader reader) {
    if (reader.head.isDone()) {
      return;
    }
    Future<HttpClientRequest> made;
    VertxHooks.ownCall();
    try {
      made = watched.client.request(watched.attemptOptions(attempt.path()));
    } catch (RuntimeException e) {
      // A closed client: final, the application hears it as Vert.x says it.
      reader.failedFinal(e);
      return;
    } finally {
      VertxHooks.ownCallDone();
    }
    made.onComplete(
        ar -> {
          if (ar.failed()) {
            reader.onError(ar.cause());
            return;
          }
          HttpClientRequest request = ar.result();
          reader.request(request);
          request
              .send(Buffer.buffer(attempt.body()))
              .onComplete(
                  sent -> {
                    if (sent.failed()) {
                      reader.onError(sent.cause());
                    } else {
                      reader.onResponse(sent.result());
                    }
                  });
        });
  }
}
