package dev.rebound.agent.instrument.reactornetty.adapter;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientResponse;

/** One request's response head and the connection its body comes on. Immutable. */
record Head(HttpClientResponse response, Connection connection) {
  /** The receiver of Rebound's own requests: the head, as soon as it arrives. */
  static Publisher<Head> of(HttpClientResponse response, Connection connection) {
    return Mono.just(new Head(response, connection));
  }
}
