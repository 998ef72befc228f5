package dev.rebound.agent.instrument.reactornetty.adapter;

import io.netty.buffer.ByteBuf;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientResponse;

/**
 * What the application's receiver gets for a call: the response, the connection as it reads it
 * (made when asked for: only {@code responseConnection} hands it out), and the body. {@link
 * #close()} drops whatever of the body the receiver left unread. Immutable.
 */
record Outcome(
    HttpClientResponse response,
    Supplier<Connection> connectionView,
    Flux<ByteBuf> body,
    Runnable closer) {

  /**
   * A request Rebound did not manage: its own response and connection, as Reactor Netty gives them.
   */
  static Outcome direct(Head head) {
    Connection c = head.connection();
    return new Outcome(
        head.response(),
        () -> c,
        c.inbound().receive(),
        // Reading what is left gives the connection back; a body already read just completes.
        () -> c.inbound().receive().subscribe(b -> {}, e -> {}));
  }

  Connection connection() {
    return connectionView.get();
  }

  void close() {
    closer.run();
  }
}
