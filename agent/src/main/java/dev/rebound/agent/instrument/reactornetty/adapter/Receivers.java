package dev.rebound.agent.instrument.reactornetty.adapter;

import io.netty.buffer.ByteBuf;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.ByteBufMono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientResponse;

/**
 * What each of the five {@code response*} methods returns for a managed call: the same shape as
 * Reactor Netty's own, over the {@link Outcome} of the call instead of one connection. Like Reactor
 * Netty's, nothing happens before a subscription, and each subscription is a call of its own.
 * Stateless.
 */
final class Receivers {
  private Receivers() {}

  @SuppressWarnings("unchecked")
  static Object publisher(Plan plan, String method, Object[] args) {
    Mono<Outcome> outcome = Mono.create(sink -> new ReactorCall(plan, sink).start());
    switch (method) {
      case "response":
        if (args.length == 0) {
          return outcome.map(
              o -> {
                // Reactor Netty's response() drops the body too: the connection goes back.
                o.close();
                return o.response();
              });
        }
        BiFunction<HttpClientResponse, ByteBufFlux, Publisher<Object>> withBody =
            (BiFunction<HttpClientResponse, ByteBufFlux, Publisher<Object>>) args[0];
        return outcome.flatMapMany(
            o ->
                Flux.from(withBody.apply(o.response(), content(o, plan)))
                    .doFinally(s -> o.close()));
      case "responseConnection":
        BiFunction<HttpClientResponse, Connection, Publisher<Object>> withConnection =
            (BiFunction<HttpClientResponse, Connection, Publisher<Object>>) args[0];
        return outcome.flatMapMany(
            o -> Flux.from(withConnection.apply(o.response(), o.connection())));
      case "responseSingle":
        BiFunction<HttpClientResponse, ByteBufMono, Mono<Object>> single =
            (BiFunction<HttpClientResponse, ByteBufMono, Mono<Object>>) args[0];
        return outcome.flatMap(
            o ->
                single.apply(o.response(), content(o, plan).aggregate()).doFinally(s -> o.close()));
      case "responseContent":
        return ByteBufFlux.fromInbound(outcome.flatMapMany(Outcome::body), plan.alloc());
      default:
        return null;
    }
  }

  private static ByteBufFlux content(Outcome o, Plan plan) {
    Flux<ByteBuf> body = o.body();
    return ByteBufFlux.fromInbound(body, plan.alloc());
  }
}
