package dev.rebound.agent.instrument.reactornetty.adapter;

import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.engine.Peek;
import dev.rebound.agent.engine.ReadAheadExchange;

/**
 * One attempt's Reactor Netty response: its head, and the peek its {@link AttemptRelay} read, which
 * keeps the body. Immutable.
 */
final class ReactorExchange extends ReadAheadExchange {
  final Head head;
  final AttemptRelay relay;
  private final HeaderLookup headers;

  ReactorExchange(Head head, Peek peek, AttemptRelay relay) {
    super(peek);
    this.head = head;
    this.relay = relay;
    this.headers = head.response().responseHeaders()::get;
  }

  @Override
  public int status() {
    return head.response().status().code();
  }

  @Override
  public HeaderLookup headers() {
    return headers;
  }

  @Override
  public void discard() {
    relay.discard();
  }
}
