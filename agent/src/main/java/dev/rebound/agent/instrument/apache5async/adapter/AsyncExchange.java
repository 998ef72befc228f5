package dev.rebound.agent.instrument.apache5async.adapter;

import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.engine.Peek;
import dev.rebound.agent.engine.ReadAheadExchange;
import dev.rebound.agent.instrument.apache.ApacheHeaders;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * One attempt's HttpClient 5 async response: its head, and the peek its {@link AttemptConsumer}
 * read, which keeps the body. Immutable.
 */
final class AsyncExchange extends ReadAheadExchange {
  final HttpResponse response;
  final EntityDetails entity;
  final AttemptConsumer consumer;

  AsyncExchange(HttpResponse response, EntityDetails entity, Peek peek, AttemptConsumer consumer) {
    super(peek);
    this.response = response;
    this.entity = entity;
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
  public void discard() {
    consumer.discard();
  }
}
