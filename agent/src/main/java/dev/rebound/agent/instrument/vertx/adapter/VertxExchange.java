package dev.rebound.agent.instrument.vertx.adapter;

import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.engine.Peek;
import dev.rebound.agent.engine.ReadAheadExchange;
import io.vertx.core.http.HttpClientResponse;

/**
 * One attempt's Vert.x response: its head, and the peek its {@link AttemptReader} read, which keeps
 * the body. Immutable.
 */
final class VertxExchange extends ReadAheadExchange {
  final HttpClientResponse response;
  final AttemptReader reader;

  VertxExchange(HttpClientResponse response, Peek peek, AttemptReader reader) {
    super(peek);
    this.response = response;
    this.reader = reader;
  }

  @Override
  public int status() {
    return response.statusCode();
  }

  @Override
  public HeaderLookup headers() {
    return response::getHeader;
  }

  @Override
  public void discard() {
    reader.discard();
  }
}
