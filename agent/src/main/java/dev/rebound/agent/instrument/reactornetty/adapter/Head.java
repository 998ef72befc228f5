package dev.rebound.agent.instrument.reactornetty.adapter;

import io.netty.channel.EventLoop;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientResponse;

/**
 * One request's response head, the connection its body comes on, and the event loop it came on
 * (taken at once: a connection given back to its pool may later leave the loop). Immutable.
 */
record Head(HttpClientResponse response, Connection connection, EventLoop loop) {
  /** The receiver of Rebound's own requests: the head, as soon as it arrives. */
  static Publisher<Head> of(HttpClientResponse response, Connection connection) {
    return Mono.just(new Head(response, connection, connection.channel().eventLoop()));
  }
}
