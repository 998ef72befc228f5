package dev.rebound.agent.instrument.reactornetty.adapter;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.Connection;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.http.client.HttpClientResponse;
import reactor.util.context.Context;

/**
 * The Reactor Netty objects an application's receiver reads, where they cannot be the connection's
 * own: a connection whose inbound replays what Rebound read of the body, and the response and
 * connection of Rebound's own answer (circuit open, queue timeout). Proxies of Reactor Netty's
 * interfaces, so that they fit every version: what is not replayed goes to the real object.
 * Stateless.
 */
final class Views {
  /**
   * The constructor of each interface's proxy class, looked up once: {@code Proxy.newProxyInstance}
   * looks it up on every call.
   */
  private static final ClassValue<Constructor<?>> PROXIES =
      new ClassValue<>() {
        @Override
        protected Constructor<?> computeValue(Class<?> type) {
          Object sample =
              Proxy.newProxyInstance(
                  Views.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> null);
          try {
            return sample.getClass().getConstructor(InvocationHandler.class);
          } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
          }
        }
      };

  private Views() {}

  /** {@code real}, except that its inbound's body is {@code body}. */
  static Connection replaying(Connection real, Flux<ByteBuf> body, ByteBufAllocator alloc) {
    NettyInbound realInbound = real.inbound();
    NettyInbound inbound =
        proxy(
            NettyInbound.class,
            (p, m, a) -> {
              switch (m.getName()) {
                case "receive":
                  return ByteBufFlux.fromInbound(body, alloc);
                case "receiveObject":
                  return body;
                default:
                  return call(realInbound, m, a);
              }
            });
    return proxy(
        Connection.class,
        (p, m, a) ->
            m.getName().equals("inbound") && m.getParameterCount() == 0
                ? inbound
                : call(real, m, a));
  }

  /** Rebound's own response, with no connection behind it. */
  static HttpClientResponse syntheticResponse(
      int status, Map<String, String> headers, int length, String method, String uri) {
    HttpHeaders h = new DefaultHttpHeaders();
    headers.forEach(h::set);
    h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, length);
    return proxy(
        HttpClientResponse.class,
        (p, m, a) -> {
          switch (m.getName()) {
            case "status":
              return HttpResponseStatus.valueOf(status);
            case "responseHeaders":
              return h;
            case "requestHeaders":
              return new DefaultHttpHeaders();
            case "cookies":
              return Map.of();
            case "method":
              return HttpMethod.valueOf(method);
            case "uri":
            case "resourceUrl":
              return uri;
            case "fullPath":
            case "path":
              return java.net.URI.create(uri).getRawPath();
            case "version":
              return HttpVersion.HTTP_1_1;
            case "isKeepAlive":
            case "isWebsocket":
              return false;
            case "redirectedFrom":
              return new String[0];
            case "currentContextView":
            case "currentContext":
              return Context.empty();
            case "trailerHeaders":
              return Mono.empty();
            case "toString":
              return "rebound response " + status;
            case "hashCode":
              return System.identityHashCode(p);
            case "equals":
              return p == a[0];
            default:
              return unsupported(p, m, a);
          }
        });
  }

  /** The connection of Rebound's own response: its body, and nothing to close. */
  static Connection syntheticConnection(Flux<ByteBuf> body, ByteBufAllocator alloc) {
    NettyInbound inbound =
        proxy(
            NettyInbound.class,
            (p, m, a) -> {
              switch (m.getName()) {
                case "receive":
                  return ByteBufFlux.fromInbound(body, alloc);
                case "receiveObject":
                  return body;
                default:
                  return unsupported(p, m, a);
              }
            });
    NettyOutbound outbound =
        proxy(
            NettyOutbound.class,
            (p, m, a) -> m.getName().equals("alloc") ? alloc : unsupported(p, m, a));
    EmbeddedChannel[] channel = new EmbeddedChannel[1];
    return proxy(
        Connection.class,
        (p, m, a) -> {
          switch (m.getName()) {
            case "inbound":
              return inbound;
            case "outbound":
              return outbound;
            case "channel":
              synchronized (channel) {
                if (channel[0] == null) {
                  channel[0] = new EmbeddedChannel();
                }
                return channel[0];
              }
            case "isDisposed":
              return true;
            case "dispose":
            case "disposeNow":
              return null;
            case "onDispose":
            case "onTerminate":
              return a == null || a.length == 0 ? Mono.empty() : p;
            case "hashCode":
              return System.identityHashCode(p);
            case "equals":
              return p == a[0];
            case "toString":
              return "rebound connection";
            default:
              return unsupported(p, m, a);
          }
        });
  }

  private static Object unsupported(Object proxy, Method m, Object[] a) throws Throwable {
    if (m.isDefault()) {
      return InvocationHandler.invokeDefault(proxy, m, a);
    }
    if (m.getReturnType() == boolean.class) {
      return false;
    }
    if (!m.getReturnType().isPrimitive()) {
      return null;
    }
    throw new UnsupportedOperationException("rebound: " + m.getName());
  }

  private static Object call(Object target, Method m, Object[] a) throws Throwable {
    try {
      return m.invoke(target, a);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    try {
      return (T) PROXIES.get(type).newInstance(handler);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
