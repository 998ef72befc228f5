package dev.rebound.agent.instrument.reactornetty.adapter;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the application's request body publisher once, whole: a {@code Mono} of one buffer, or a
 * {@code Flux} of chunks that would have gone with no length (SPEC §2: read ahead). The buffers are
 * the application's; they are gathered without copying, and released if the read is abandoned.
 * Stateless.
 */
final class BodyCollector {
  private BodyCollector() {}

  @SuppressWarnings("unchecked")
  static Mono<ByteBuf> collect(Publisher<? extends ByteBuf> body, ByteBufAllocator alloc) {
    if (body instanceof Mono<? extends ByteBuf> one) {
      return ((Mono<ByteBuf>) one).defaultIfEmpty(Unpooled.EMPTY_BUFFER);
    }
    return Flux.<ByteBuf>from(body)
        .collect(
            () -> alloc.compositeBuffer(Integer.MAX_VALUE),
            (CompositeByteBuf c, ByteBuf b) -> c.addComponent(true, b))
        .<ByteBuf>map(c -> c)
        .doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease);
  }
}
