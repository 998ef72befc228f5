package dev.rebound.agent.instrument.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The head the application gets: the server's headers with Rebound's set on them. */
class JdkResponsesTest {

  @Test
  void addsReboundsHeadersAndReplacesAServerHeaderOfTheSameNameInAnyCase() {
    HttpHeaders server =
        HttpHeaders.of(
            Map.of(
                "Content-Type", List.of("application/json"),
                "X-Rebound-Model", List.of("upstream/model"),
                "set-cookie", List.of("a=1", "b=2")),
            (a, b) -> true);

    HttpHeaders app =
        JdkResponses.headers(
            server, Map.of("x-rebound-attempts", "2", "x-rebound-model", "openai/gpt-4o-mini"));

    assertThat(app.firstValue("content-type")).contains("application/json");
    assertThat(app.allValues("Set-Cookie")).containsExactly("a=1", "b=2");
    assertThat(app.allValues("x-rebound-model")).containsExactly("openai/gpt-4o-mini");
    assertThat(app.firstValue("X-REBOUND-ATTEMPTS")).contains("2");
    assertThat(app.map()).hasSize(4);
  }
}
