package dev.rebound.agent.instrument.vertx.adapter;

import io.vertx.core.http.HttpClientResponse;

/** What the hooks ask of a request Rebound watches: each answer as in {@code VertxEntry}. */
interface Watched {
  Object write(byte[] bytes, boolean end, Object completion, boolean returnsFuture);

  boolean response(HttpClientResponse response);

  boolean fail(Throwable cause);

  void reset(Throwable cause);
}
