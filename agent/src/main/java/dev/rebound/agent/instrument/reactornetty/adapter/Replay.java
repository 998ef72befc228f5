package dev.rebound.agent.instrument.reactornetty.adapter;

import dev.rebound.agent.classify.HeaderLookup;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
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
  private static final String REBOUND_PREFIX = "x-rebound-";

  private final List<Map.Entry<String, List<String>>> headers;
  private final byte[] body;

  private Replay(List<Map.Entry<String, List<String>>> headers, byte[] body) {
    this.headers = headers;
    this.body = body;
  }

  /**
   * The headers set between {@code before} (a {@link #mark}, or null for none) and {@code now} (a
   * later mark), without Rebound's or the framing.
   */
  static Replay of(CharSequence[] before, CharSequence[] now, byte[] body) {
    if (before != null && Arrays.equals(before, now, Replay::compareExactly)) {
      // The body function set no header: the usual case when the client's headers are configured.
      return new Replay(List.of(), body);
    }
    CharSequence[] was = before == null ? new CharSequence[0] : before;
    List<Map.Entry<String, List<String>>> set = new ArrayList<>();
    for (int i = 0; i < now.length; i += 2) {
      CharSequence name = now[i];
      if (isFraming(name) || isRebound(name) || seenBefore(now, i)) {
        continue;
      }
      List<String> values = valuesOf(now, name);
      if (!values.equals(valuesOf(was, name))) {
        set.add(Map.entry(name.toString(), values));
      }
    }
    return new Replay(set, body);
  }

  /** The headers as they are now, as name, value, name, value... */
  static CharSequence[] mark(HttpHeaders headers) {
    CharSequence[] pairs = new CharSequence[headers.size() * 2];
    int i = 0;
    Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
    while (it.hasNext() && i < pairs.length) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      pairs[i++] = e.getKey();
      pairs[i++] = e.getValue();
    }
    return i == pairs.length ? pairs : Arrays.copyOf(pairs, i);
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

  /**
   * The headers of a {@link #mark}, as the engine reads them: the first value of a name, compared
   * without case. Immutable, so readable from any thread while the request's own headers change.
   */
  static HeaderLookup lookup(CharSequence[] pairs) {
    return name -> {
      for (int j = 0; j < pairs.length; j += 2) {
        if (sameName(pairs[j], name)) {
          return pairs[j + 1].toString();
        }
      }
      return null;
    };
  }

  /** SPEC §1: no {@code x-rebound-*} header leaves the JVM on a managed call. */
  static void removeRebound(HttpHeaders headers) {
    List<CharSequence> names = null;
    Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
    while (it.hasNext()) {
      CharSequence name = it.next().getKey();
      if (isRebound(name)) {
        if (names == null) {
          names = new ArrayList<>(2);
        }
        names.add(name);
      }
    }
    if (names != null) {
      names.forEach(headers::remove);
    }
  }

  private static boolean isRebound(CharSequence name) {
    return name.length() >= REBOUND_PREFIX.length()
        && AsciiString.regionMatches(name, true, 0, REBOUND_PREFIX, 0, REBOUND_PREFIX.length());
  }

  private static boolean isFraming(CharSequence name) {
    return HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
        || HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
        || HttpHeaderNames.HOST.contentEqualsIgnoreCase(name);
  }

  /** Whether the header name at {@code i} came earlier too (names are case-insensitive). */
  private static boolean seenBefore(CharSequence[] pairs, int i) {
    for (int j = 0; j < i; j += 2) {
      if (sameName(pairs[j], pairs[i])) {
        return true;
      }
    }
    return false;
  }

  private static List<String> valuesOf(CharSequence[] pairs, CharSequence name) {
    List<String> values = new ArrayList<>(1);
    for (int j = 0; j < pairs.length; j += 2) {
      if (sameName(pairs[j], name)) {
        values.add(pairs[j + 1].toString());
      }
    }
    return values;
  }

  private static boolean sameName(CharSequence a, CharSequence b) {
    return AsciiString.contentEqualsIgnoreCase(a, b);
  }

  private static int compareExactly(CharSequence a, CharSequence b) {
    return AsciiString.contentEquals(a, b) ? 0 : 1;
  }
}
