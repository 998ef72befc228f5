package dev.rebound.agent.instrument.apache5async.adapter;

import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.engine.Exchange;
import dev.rebound.agent.engine.Peek;
import dev.rebound.agent.instrument.apache.ApacheHeaders;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * One attempt's HttpClient 5 async response: its head, and the peek its consumer read before the
 * attempt was handed to the engine (the engine never waits for bytes). The body itself stays with
 * {@link AttemptConsumer}, which replays it to the application or drops it. Immutable.
 */
final class AsyncExchange implements Exchange {
  final HttpResponse response;
  final EntityDetails entity;
  final AttemptConsumer consumer;
  private final Peek peek;

  AsyncExchange(HttpResponse response, EntityDetails entity, Peek peek, AttemptConsumer consumer) {
    this.response = response;
    this.entity = entity;
    this.peek = peek;
    this.consumer = consumer;
  }

  @Override
  public int status() {
    return response.getCode();
  }

  @Override
  public HeaderLookup headers() {
    return ApacheHeaders.lookup(response::getFirstHeader, Header::getValue);
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
    consumer.discard();
  }
}
