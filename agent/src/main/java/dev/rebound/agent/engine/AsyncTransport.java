package dev.rebound.agent.engine;

import java.util.concurrent.CompletableFuture;

/**
 * Sends attempts for a non-blocking client. The returned future completes with the response head
 * and its peek already read (so the engine never blocks an I/O thread), or exceptionally with the
 * attempt's IOException.
 */
public interface AsyncTransport<X extends Exchange> {
  CompletableFuture<X> send(AttemptRequest request);
}
