package dev.rebound.agent.instrument.vertx.adapter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The response the application reads: what Rebound read is replayed, later pieces follow, and the
 * application's demand is honoured, whenever it attaches its handlers.
 */
class ReplayResponseTest {
  private final List<String> seen = new ArrayList<>();
  private int ends;

  private ReplayResponse response() {
    return new ReplayResponse(
        null,
        null,
        200,
        "OK",
        MultiMap.caseInsensitiveMultiMap().add("x-rebound-attempts", "2"),
        null,
        null,
        () -> ends++);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void aBodyAskedForLateGetsEveryByteHeldAndLater() {
    ReplayResponse r = response();
    r.accept(bytes("{\"id\":"));
    r.start();
    r.accept(bytes("1}"));
    r.accept(AttemptReader.END);

    Future<Buffer> body = r.body();

    assertThat(body.succeeded()).isTrue();
    assertThat(body.result().toString(UTF_8)).isEqualTo("{\"id\":1}");
    // The call is over once the body ended, whether or not the application read it.
    assertThat(ends).isEqualTo(1);
    assertThat(r.getHeader("X-Rebound-Attempts")).isEqualTo("2");
  }

  @Test
  void aPausedApplicationGetsPiecesOnlyAsItFetchesThem() {
    ReplayResponse r = response();
    r.pause();
    r.start();
    r.accept(bytes("a"));
    r.accept(bytes("b"));
    r.accept(bytes("c"));
    r.accept(AttemptReader.END);
    r.handler(b -> seen.add(b.toString(UTF_8)));
    r.endHandler(v -> seen.add("end"));
    assertThat(seen).isEmpty();

    r.fetch(1);
    assertThat(seen).containsExactly("a");

    r.resume();
    assertThat(seen).containsExactly("a", "b", "c", "end");
  }

  @Test
  void nothingFlowsBeforeTheApplicationHasTheResponse() {
    ReplayResponse r = response();
    r.handler(b -> seen.add(b.toString(UTF_8)));
    r.accept(bytes("a"));
    assertThat(seen).isEmpty();

    r.start();
    assertThat(seen).containsExactly("a");
  }

  @Test
  void aHandlerThatPausesStopsTheReplayUntilItResumes() {
    ReplayResponse r = response();
    r.handler(
        b -> {
          seen.add(b.toString(UTF_8));
          r.pause();
        });
    r.accept(bytes("a"));
    r.accept(bytes("b"));
    r.start();
    assertThat(seen).containsExactly("a");

    r.resume();
    assertThat(seen).containsExactly("a", "b");
  }

  @Test
  void aFailureAfterContentReachesTheExceptionHandlerAndTheBodyFuture() {
    ReplayResponse r = response();
    IOException cut = new IOException("connection reset");
    r.start();
    Future<Buffer> body = r.body();
    r.exceptionHandler(t -> seen.add("failed: " + t.getMessage()));
    r.accept(bytes("data: {}\n\n"));
    r.accept(new AttemptReader.Failed(cut));

    assertThat(seen).containsExactly("failed: connection reset");
    assertThat(body.failed()).isTrue();
    assertThat(body.cause()).isSameAs(cut);
    assertThat(ends).isEqualTo(1);
  }

  @Test
  void reboundsOwnResponseHasEmptyTrailers() {
    ReplayResponse r = response();

    assertThat(r.trailers().isEmpty()).isTrue();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.request()).isNull();
  }
}
