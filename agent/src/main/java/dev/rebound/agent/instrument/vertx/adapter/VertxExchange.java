package dev.rebound.agent.instrument.vertx.adapter;

import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.engine.Exchange;
import dev.rebound.agent.engine.Peek;
import io.vertx.core.http.HttpClientResponse;

/**
 * One attempt's Vert.x response: its head, and the peek its {@link AttemptReader} read before the
 * attempt was handed to the engine. The body stays with the reader, which replays it to the
 * application or drops it. Immutable.
 */
final class VertxExchange implements Exchange {
  final HttpClientResponse response;
  final AttemptReader reader;
  private final Peek peek;

  VertxExchange(HttpClientResponse response, Peek peek, AttemptReader reader) {
    this.response = response;
    this.peek = peek;
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
  public Peek peekBody() {
    return peek;
  }

  @Override
  public Peek peekStream() {
    return peek;
  }

  @Override
  public void discard() {
    reader.discard();
  }
}
