package dev.rebound.agent.instrument.reactornetty.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.classify.HeaderLookup;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayTest {

  @Test
  void onlyTheHeadersTheBodyFunctionSetOrChangedAreReplayed() {
    HttpHeaders before =
        new DefaultHttpHeaders()
            .add("Host", "api.openai.com")
            .add("User-Agent", "ReactorNetty/1.3.7")
            .add("traceparent", "00-a-b-01")
            .add("Accept", "*/*");
    HttpHeaders after =
        new DefaultHttpHeaders()
            .add(before)
            .set("Accept", "application/json")
            .add("Content-Type", "application/json")
            .add("Authorization", "Bearer k")
            .add("Content-Length", "42")
            .add("Transfer-Encoding", "chunked")
            .add("X-Rebound-Fallback", "other/model");

    List<String> replayed =
        Replay.of(Replay.mark(before), Replay.mark(after), new byte[0]).headers().stream()
            .map(e -> e.getKey())
            .toList();

    assertThat(replayed).containsExactlyInAnyOrder("Accept", "Content-Type", "Authorization");
  }

  @Test
  void nothingIsReplayedWhenTheBodyFunctionSetNoHeader() {
    HttpHeaders before =
        new DefaultHttpHeaders().add("Host", "h").add("Authorization", "Bearer k").add("A", "1");
    HttpHeaders after = new DefaultHttpHeaders().add(before);

    assertThat(Replay.of(Replay.mark(before), Replay.mark(after), new byte[0]).headers()).isEmpty();
  }

  @Test
  void aHeaderWhoseValuesChangedIsReplayedWithAllItsValues() {
    HttpHeaders before = new DefaultHttpHeaders().add("Accept", "a").add("x-id", "1");
    HttpHeaders after =
        new DefaultHttpHeaders().add(before).add("accept", "b").add("X-Rebound-Retry", "off");

    Replay replay = Replay.of(Replay.mark(before), Replay.mark(after), new byte[0]);

    assertThat(replay.headers()).hasSize(1);
    assertThat(replay.headers().get(0).getKey()).isEqualToIgnoringCase("accept");
    assertThat(replay.headers().get(0).getValue()).containsExactly("a", "b");
  }

  @Test
  void withNoMarkEveryHeaderButTheFramingIsReplayed() {
    HttpHeaders after =
        new DefaultHttpHeaders().add("Host", "h").add("Content-Length", "3").add("B", "2");

    assertThat(Replay.of(null, Replay.mark(after), new byte[0]).headers())
        .extracting(e -> e.getKey())
        .containsExactly("B");
  }

  @Test
  void theEngineReadsTheFirstValueOfANameWhateverItsCaseFromTheMark() {
    HttpHeaders h =
        new DefaultHttpHeaders().add("X-Rebound-Retry", "off").add("x-rebound-retry", "on");
    HeaderLookup lookup = Replay.lookup(Replay.mark(h));

    Replay.removeRebound(h);

    assertThat(lookup.get("x-rebound-retry")).isEqualTo("off");
    assertThat(lookup.get("authorization")).isNull();
  }

  @Test
  void reboundHeadersAreRemovedWhateverTheirCase() {
    HttpHeaders h =
        new DefaultHttpHeaders()
            .add("x-rebound-retry", "off")
            .add("X-Rebound-Fallback", "m")
            .add("x-request-id", "1");

    Replay.removeRebound(h);

    assertThat(h.names()).containsExactly("x-request-id");
  }
}
