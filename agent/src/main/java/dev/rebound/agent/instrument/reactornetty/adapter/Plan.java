package dev.rebound.agent.instrument.reactornetty.adapter;

import dev.rebound.agent.instrument.AgentRuntime;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.netty.NettyOutbound;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;

/**
 * A request the application made ready for a managed call: the configured client (each attempt is a
 * request of its own through it), where it goes and its body function. Immutable.
 */
record Plan(
    AgentRuntime runtime,
    HttpClient.RequestSender sender,
    Target target,
    BiFunction<? super HttpClientRequest, ? super NettyOutbound, ? extends Publisher<Void>> body,
    ByteBufAllocator alloc) {}
