package dev.rebound.agent.instrument.reactornetty.adapter;

import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.reactornetty.ReactorNettyEntry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpMethod;
import java.lang.reflect.Field;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.netty.Connection;
import reactor.netty.NettyOutbound;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientConfig;
import reactor.netty.http.client.HttpClientRequest;

/**
 * The Reactor Netty adapter's entry point, one per application class loader that holds Reactor
 * Netty. A POST to an LLM host whose request is complete when a {@code response*} method is called
 * (its URI known, its body given with {@code send}) gets Rebound's publisher ({@link Receivers});
 * any other request runs as it is. Thread-safe.
 */
public final class ReactorNettyAdapter implements ReactorNettyEntry {
  /** The config's body function and deferred configuration: package-private in Reactor Netty. */
  private static final Field BODY = field("body");

  private static final Field DEFERRED = field("deferredConf");

  private final Targets targets = new Targets();

  @Override
  public Object respond(Object finalizer, String method, Object[] args) {
    AgentRuntime runtime = AgentRuntime.current();
    HttpClientConfig config = ((HttpClient) finalizer).configuration();
    Target target = targets.of(config, runtime);
    if (target == null) {
      runtime.passthrough();
      return null;
    }
    BiFunction<? super HttpClientRequest, ? super NettyOutbound, ? extends Publisher<Void>> body =
        bodyOf(config);
    if (!HttpMethod.POST.equals(config.method()) || body == null) {
      runtime.passthrough();
      return null;
    }
    Plan plan =
        new Plan(runtime, (HttpClient.RequestSender) finalizer, target, body, allocator(config));
    return Receivers.publisher(plan, method, args);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object send(Object operations, Object body) {
    if (!(operations instanceof Connection connection)) {
      return null;
    }
    ReactorCall call = connection.channel().attr(ReactorCall.TAKING).getAndSet(null);
    if (call == null) {
      return null;
    }
    return call.takeBody(operations, (Publisher<? extends ByteBuf>) body);
  }

  /** The body function, or null when there is none or the URI is only known later. */
  @SuppressWarnings("unchecked")
  private static BiFunction<
          ? super HttpClientRequest, ? super NettyOutbound, ? extends Publisher<Void>>
      bodyOf(HttpClientConfig config) {
    if (BODY == null || DEFERRED == null) {
      return null;
    }
    try {
      if (DEFERRED.get(config) != null) {
        return null;
      }
      return (BiFunction<
              ? super HttpClientRequest, ? super NettyOutbound, ? extends Publisher<Void>>)
          BODY.get(config);
    } catch (IllegalAccessException e) {
      return null;
    }
  }

  private static ByteBufAllocator allocator(HttpClientConfig config) {
    Object alloc = config.options().get(ChannelOption.ALLOCATOR);
    return alloc instanceof ByteBufAllocator a ? a : ByteBufAllocator.DEFAULT;
  }

  private static Field field(String name) {
    try {
      Field f = HttpClientConfig.class.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      // A Reactor Netty without the field, or in a module that does not open it: nothing managed.
      return null;
    }
  }
}
