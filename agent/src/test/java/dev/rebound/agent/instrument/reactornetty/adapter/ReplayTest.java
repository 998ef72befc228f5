package dev.rebound.agent.instrument.reactornetty.adapter;

import static org.assertj.core.api.Assertions.assertThat;

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
        Replay.snapshot(before)
            .set("Accept", "application/json")
            .add("Content-Type", "application/json")
            .add("Authorization", "Bearer k")
            .add("Content-Length", "42")
            .add("Transfer-Encoding", "chunked")
            .add("X-Rebound-Fallback", "other/model");

    List<String> replayed =
        Replay.of(before, after, new byte[0]).headers().stream().map(e -> e.getKey()).toList();

    assertThat(replayed).containsExactlyInAnyOrder("Accept", "Content-Type", "Authorization");
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
