package dev.rebound.agent.instrument.vertx.adapter;

import io.vertx.core.http.HttpClientResponse;

/**
 * A managed request whose call is over: the application's future is complete (with Rebound's
 * response, which Vert.x's own failure path would cast to its class) and the final body ended, so
 * whatever Vert.x still reports on it is dropped. Holds nothing, so that the weak map forgets the
 * request once the application does.
 */
enum Finished implements Watched {
  INSTANCE;

  @Override
  public Object write(byte[] bytes, boolean end, Object completion, boolean returnsFuture) {
    return null;
  }

  @Override
  public boolean response(HttpClientResponse response) {
    return true;
  }

  @Override
  public boolean fail(Throwable cause) {
    return true;
  }

  @Override
  public void reset(Throwable cause) {}
}
