package dev.rebound.agent.instrument.reactornetty.adapter;

import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.engine.Exchange;
import dev.rebound.agent.engine.Peek;

/**
 * One attempt's Reactor Netty response: its head, and the peek its relay read before the attempt
 * was handed to the engine (the engine never waits for bytes). The body stays with the {@link
 * AttemptRelay}, which replays it to the application or drops it. Immutable.
 */
final class ReactorExchange implements Exchange {
  final Head head;
  final AttemptRelay relay;
  private final Peek peek;
  private final HeaderLookup headers;

  ReactorExchange(Head head, Peek peek, AttemptRelay relay) {
    this.head = head;
    this.peek = peek;
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
  public Peek peekBody() {
    return peek;
  }

  @Override
  public Peek peekStream() {
    return peek;
  }

  @Override
  public void discard() {
    relay.discard();
  }
}
