package dev.rebound.agent.instrument.reactornetty.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class BodyCollectorTest {

  @Test
  void aFluxOfChunksIsGatheredIntoOneBody() {
    Flux<ByteBuf> chunks =
        Flux.just("{\"model\":", "\"a/b\"", "}").map(s -> Unpooled.copiedBuffer(s, UTF_8));

    ByteBuf whole =
        BodyCollector.collect(chunks, ByteBufAllocator.DEFAULT).block(Duration.ofSeconds(5));

    assertThat(whole.toString(UTF_8)).isEqualTo("{\"model\":\"a/b\"}");
    assertThat(whole.release()).isTrue();
  }

  @Test
  void aMonoIsItsOneBufferAndAnEmptyOneAnEmptyBody() {
    ByteBuf one = Unpooled.copiedBuffer("{}", UTF_8);

    assertThat(BodyCollector.collect(Mono.just(one), ByteBufAllocator.DEFAULT).block())
        .isSameAs(one);
    assertThat(
            BodyCollector.collect(Mono.empty(), ByteBufAllocator.DEFAULT).block().readableBytes())
        .isZero();
  }

  @Test
  void theChunksOfABodyThatFailsAreReleased() {
    ByteBuf first = Unpooled.copiedBuffer("{\"model\":", UTF_8);
    Flux<ByteBuf> broken =
        Flux.concat(Mono.just(first), Mono.error(new IllegalStateException("x")));

    Mono<ByteBuf> body = BodyCollector.collect(broken, ByteBufAllocator.DEFAULT);

    assertThat(body.onErrorResume(e -> Mono.empty()).block()).isNull();
    assertThat(first.refCnt()).isZero();
  }
}
