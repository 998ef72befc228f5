package dev.rebound.agent.instrument.reactornetty.adapter;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.NettyOutbound;
import reactor.netty.http.client.HttpClientRequest;

/**
 * What Rebound sends for an attempt instead of running the application's body function again (its
 * publisher can be read only once): the headers that function set, and a body. Reactor Netty itself
 * sets the client's headers on each request, and a tracer its own: only the function's are
 * replayed. Immutable.
 */
final class Replay {
  private final List<Map.Entry<String, List<String>>> headers;
  private final byte[] body;

  private Replay(List<Map.Entry<String, List<String>>> headers, byte[] body) {
    this.headers = headers;
    this.body = body;
  }

  /** The headers set between {@code before} and {@code after}, without Rebound's or the framing. */
  static Replay of(HttpHeaders before, HttpHeaders after, byte[] body) {
    List<Map.Entry<String, List<String>>> set = new ArrayList<>();
    for (String name : after.names()) {
      if (isFraming(name) || isRebound(name)) {
        continue;
      }
      List<String> values = after.getAll(name);
      if (!values.equals(before.getAll(name))) {
        set.add(Map.entry(name, values));
      }
    }
    return new Replay(set, body);
  }

  /** The replayed headers, in the order the body function left them. */
  List<Map.Entry<String, List<String>>> headers() {
    return headers;
  }

  Replay withBody(byte[] bytes) {
    return new Replay(headers, bytes);
  }

  /**
   * The body function of an attempt. Each run sends a buffer of its own (redirects run it again).
   */
  Publisher<Void> send(HttpClientRequest request, NettyOutbound out) {
    HttpHeaders h = request.requestHeaders();
    for (Map.Entry<String, List<String>> e : headers) {
      h.set(e.getKey(), e.getValue());
    }
    removeRebound(h);
    // A Mono: Reactor Netty sends one full request whose Content-Length is this body's.
    return out.send(Mono.just(Unpooled.wrappedBuffer(body)));
  }

  /** A copy of the headers as they are now. */
  static HttpHeaders snapshot(HttpHeaders headers) {
    return new DefaultHttpHeaders().add(headers);
  }

  /** SPEC §1: no {@code x-rebound-*} header leaves the JVM on a managed call. */
  static void removeRebound(HttpHeaders headers) {
    List<String> names = new ArrayList<>();
    for (String name : headers.names()) {
      if (isRebound(name)) {
        names.add(name);
      }
    }
    names.forEach(headers::remove);
  }

  private static boolean isRebound(String name) {
    return name.toLowerCase(Locale.ROOT).startsWith("x-rebound-");
  }

  private static boolean isFraming(String name) {
    return HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
        || HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
        || HttpHeaderNames.HOST.contentEqualsIgnoreCase(name);
  }
}
