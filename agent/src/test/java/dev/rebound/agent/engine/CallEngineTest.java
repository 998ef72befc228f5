package dev.rebound.agent.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.classify.Classifier;
import dev.rebound.agent.config.ReboundConfig.SdkRetries;
import dev.rebound.agent.engine.FakeTransport.FakeExchange;
import dev.rebound.api.CallRecord;
import dev.rebound.api.Classification;
import dev.rebound.api.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC §4, row by row and rule by rule, with a fake clock and a fake transport. */
class CallEngineTest {
  static final String BODY =
      "{\"model\":\"openai/gpt-4o\", \"messages\":[{\"role\":\"user\",\"content\":\"hi\","
          + "\"model\":\"nested\"}],\n \"provider\":{\"order\":[\"OpenAI\",\"Azure\"]}}";
  static final String OK = "{\"id\":\"gen-1\",\"choices\":[{\"message\":{\"content\":\"hello\"}}]}";
  static final String UPSTREAM_429 =
      "{\"error\":{\"message\":\"Provider returned error\",\"code\":429,"
          + "\"metadata\":{\"raw\":\"openai/gpt-4o is temporarily rate-limited upstream\","
          + "\"provider_name\":\"OpenAI\"}},\"user_id\":\"user_2x\"}";
  static final String GATEWAY_429 =
      "{\"error\":{\"message\":\"Rate limit exceeded\",\"code\":429}}";
  static final String MODEL_429 =
      "{\"error\":{\"message\":\"Rate limit reached for gpt-4o in organization org-abc on requests"
          + " per min (RPM): Limit 500, Used 500, Requested 1.\",\"type\":\"requests\","
          + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
  static final String UNAVAILABLE_503 =
      "{\"error\":{\"message\":\"Service Unavailable\",\"code\":503}}";
  static final String NOT_FOUND_404 =
      "{\"error\":{\"message\":\"The model `openai/gpt-4o` does not exist\",\"type\":"
          + "\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}";
  static final String CONTEXT_400 =
      "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens. However,"
          + " your messages resulted in 130000 tokens.\",\"type\":\"invalid_request_error\","
          + "\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}";
  static final String FILTERED_400 =
      "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure"
          + " OpenAI's content management policy.\",\"type\":null,\"param\":\"prompt\","
          + "\"code\":\"content_filter\",\"status\":400}}";
  static final String AUTH_401 =
      "{\"error\":{\"message\":\"Incorrect API key provided: sk-abc.\",\"type\":"
          + "\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}";
  static final String QUOTA_429 =
      "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and"
          + " billing details.\",\"type\":\"insufficient_quota\",\"param\":null,"
          + "\"code\":\"insufficient_quota\"}}";
  static final String BAD_400 =
      "{\"error\":{\"message\":\"Invalid value for 'temperature'\",\"type\":"
          + "\"invalid_request_error\",\"param\":\"temperature\",\"code\":null}}";

  final FakeClock clock = new FakeClock();
  final FakeTransport server = new FakeTransport(clock);
  final TestConfig config = new TestConfig();
  final List<CallRecord> records = new ArrayList<>();
  double random = 0.5;

  CallEngine engine() {
    return new CallEngine(
        config.build(), new Classifier(), clock, clock, () -> random, records::add, () -> null);
  }

  CallResult<FakeExchange> run(String body, String... requestHeaders) {
    return engine().execute(call(body, requestHeaders), server);
  }

  static LlmCall call(String body, String... requestHeaders) {
    Map<String, String> headers = new java.util.HashMap<>();
    for (int i = 0; i < requestHeaders.length; i += 2) {
      headers.put(requestHeaders[i], requestHeaders[i + 1]);
    }
    return new LlmCall(
        "okhttp", "openrouter.ai", "/api/v1/chat/completions", body.getBytes(UTF_8), headers::get);
  }

  static CallResult.Deliver<FakeExchange> delivered(CallResult<FakeExchange> result) {
    assertThat(result).isInstanceOf(CallResult.Deliver.class);
    return (CallResult.Deliver<FakeExchange>) result;
  }

  List<String> sentModels() {
    return server.sent.stream().map(AttemptRequest::model).toList();
  }

  @Test
  void deliversFirstSuccessWithAttemptAndModelHeaders() {
    server.respond(200, OK);

    CallResult.Deliver<FakeExchange> d = delivered(run(BODY));

    assertThat(d.exchange().text()).isEqualTo(OK);
    assertThat(d.headers())
        .containsExactly(
            Map.entry("x-rebound-attempts", "1"), Map.entry("x-rebound-model", "openai/gpt-4o"));
    assertThat(server.sentBody(0)).isEqualTo(BODY);
    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
              assertThat(r.modelRequested()).isEqualTo("openai/gpt-4o");
              assertThat(r.attempts()).hasSize(1);
            });
  }

  @Test
  void aClosedClientEndsTheCallAtOnceWithItsOwnException() {
    IOException closed = new IOException("closed");
    server.fail(new ClientClosedException(closed)).respond(200, OK);

    CallResult<FakeExchange> result = run(BODY);

    assertThat(result).isInstanceOf(CallResult.Fail.class);
    assertThat(((CallResult.Fail<FakeExchange>) result).failure()).isSameAs(closed);
    assertThat(server.sent).hasSize(1);
    assertThat(clock.sleptMillis).isEmpty();
    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
              assertThat(r.attempts()).isEmpty();
            });
  }

  @Test
  void aRequestTheClientRepeatedByItselfIsAnAttempt() {
    server.respondAfterOwnRetries(200, OK, 503);

    CallResult.Deliver<FakeExchange> d = delivered(run(BODY));

    assertThat(server.sent).hasSize(1);
    assertThat(d.headers()).containsEntry("x-rebound-attempts", "2");
    CallRecord r = records.get(0);
    assertThat(r.outcome()).isEqualTo(Outcome.RETRY_SUCCESS);
    assertThat(r.attempts())
        .extracting(a -> a.classification())
        .containsExactly(Classification.PROVIDER_UNAVAILABLE, Classification.SUCCESS);
    assertThat(r.attempts().get(0).status()).isEqualTo(503);
  }

  @Test
  void waitsAtLeastRetryAfterOnHostWideGatewayLimitAndDoesNotFallBack() {
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    server.respond(429, GATEWAY_429, "retry-after", "2").respond(200, OK);
    random = 1.0;

    CallResult.Deliver<FakeExchange> d = delivered(run(BODY));

    assertThat(clock.sleptMillis).containsExactly(2200L);
    assertThat(sentModels()).containsExactly("openai/gpt-4o", "openai/gpt-4o");
    assertThat(d.headers()).containsEntry("x-rebound-attempts", "2");
    assertThat(records.get(0).outcome()).isEqualTo(Outcome.RETRY_SUCCESS);
    assertThat(records.get(0).attempts().get(0).waitMillis()).isEqualTo(2200.0);
  }

  @Test
  void givesUpOnHostWideGatewayLimitWhenAttemptsAreSpentEvenWithAFallbackChain() {
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    for (int i = 0; i < 3; i++) {
      server.respond(429, GATEWAY_429, "retry-after", "1");
    }

    CallResult.Deliver<FakeExchange> d = delivered(run(BODY));

    assertThat(server.sent).hasSize(3);
    assertThat(sentModels()).containsOnly("openai/gpt-4o");
    assertThat(d.exchange().status()).isEqualTo(429);
    assertThat(d.headers())
        .containsEntry("x-rebound-classification", "GATEWAY_RATE_LIMIT")
        .containsEntry("x-should-retry", "false");
    assertThat(records.get(0).outcome()).isEqualTo(Outcome.FAILED);
  }

  @Test
  void jitterOnlyLengthensAServerHintByAtMostTenPercent() {
    server.respond(429, GATEWAY_429, "retry-after", "10").respond(200, OK);
    random = 0.0;
    run(BODY);
    assertThat(clock.sleptMillis).containsExactly(10_000L);

    clock.sleptMillis.clear();
    server.respond(429, GATEWAY_429, "retry-after", "10").respond(200, OK);
    random = 0.999;
    run(BODY);
    assertThat(clock.sleptMillis.get(0)).isBetween(10_000L, 11_000L);
  }

  @Test
  void movesToTheNextModelAtOnceOnAModelScopedGatewayLimit() {
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    server.respond(429, MODEL_429, "retry-after", "20").respond(200, OK);

    CallResult.Deliver<FakeExchange> d = delivered(run(BODY));

    assertThat(clock.sleptMillis).isEmpty();
    assertThat(sentModels()).containsExactly("openai/gpt-4o", "anthropic/claude-sonnet-4.5");
    assertThat(d.headers()).containsEntry("x-rebound-model", "anthropic/claude-sonnet-4.5");
    assertThat(records.get(0).outcome()).isEqualTo(Outcome.FALLBACK_SUCCESS);
    assertThat(records.get(0).modelUsed()).isEqualTo("anthropic/claude-sonnet-4.5");
  }

  @Test
  void waitsAndRetriesTheSameModelOnAModelScopedLimitWithoutAFallback() {
    server.respond(429, MODEL_429, "retry-after", "3").respond(200, OK);
    random = 0.0;

    run(BODY);

    assertThat(clock.sleptMillis).containsExactly(3000L);
    assertThat(sentModels()).containsExactly("openai/gpt-4o", "openai/gpt-4o");
  }

  @Test
  void avoidsTheFailingOpenRouterProviderOnceAtOnceThenBacksOffThenFallsBack() {
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    for (int i = 0; i < 4; i++) {
      server.respond(429, UPSTREAM_429, "retry-after", "5");
    }
    server.respond(200, OK);

    CallResult.Deliver<FakeExchange> d = delivered(run(BODY));

    // 3 attempts per model plus the one extra provider-avoiding attempt, then the fallback.
    assertThat(sentModels())
        .containsExactly(
            "openai/gpt-4o",
            "openai/gpt-4o",
            "openai/gpt-4o",
            "openai/gpt-4o",
            "anthropic/claude-sonnet-4.5");
    assertThat(server.sentBody(1))
        .isEqualTo(BODY.replace("\"order\":", "\"ignore\":[\"OpenAI\"],\"order\":"));
    assertThat(server.sentBody(3)).isEqualTo(server.sentBody(1));
    // The fallback model gets the request's original provider object.
    assertThat(server.sentBody(4))
        .isEqualTo(BODY.replace("\"openai/gpt-4o\"", "\"anthropic/claude-sonnet-4.5\""));
    // No wait before the avoiding retry; hint-long waits before the two backoff retries.
    assertThat(records.get(0).attempts().get(0).waitMillis()).isZero();
    assertThat(clock.sleptMillis).hasSize(2).allSatisfy(w -> assertThat(w).isBetween(5000L, 5500L));
    assertThat(d.headers()).containsEntry("x-rebound-attempts", "5");
    assertThat(records.get(0).attempts().get(0).provider()).isEqualTo("OpenAI");
    assertThat(records.get(0).attempts().get(0).classification())
        .isEqualTo(Classification.PROVIDER_RATE_LIMIT);
  }

  @Test
  void backsOffWithFullJitterOnProviderUnavailable() {
    server.respond(503, UNAVAILABLE_503).respond(503, UNAVAILABLE_503).respond(200, OK);
    random = 1.0;

    run(BODY);

    // attempt n waits up to base * 2^(n-1): 500 ms, then 1000 ms.
    assertThat(clock.sleptMillis).containsExactly(500L, 1000L);
    assertThat(records.get(0).outcome()).isEqualTo(Outcome.RETRY_SUCCESS);
  }

  @Test
  void backoffNeverExceedsMaxDelay() {
    config.maxAttempts = 8;
    config.breakerFailureThreshold = 100;
    config.maxDelay = java.time.Duration.ofSeconds(2);
    for (int i = 0; i < 7; i++) {
      server.respond(502, "<html><body>502 Bad Gateway</body></html>");
    }
    server.respond(200, OK);
    random = 1.0;

    run(BODY);

    assertThat(clock.sleptMillis).containsExactly(500L, 1000L, 2000L, 2000L, 2000L, 2000L, 2000L);
  }

  @Test
  void fallsBackOnceTheModelsAttemptsAreSpent() {
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    server
        .respond(503, UNAVAILABLE_503)
        .respond(503, UNAVAILABLE_503)
        .respond(503, UNAVAILABLE_503);
    server.respond(200, OK);

    run(BODY);

    assertThat(sentModels())
        .containsExactly(
            "openai/gpt-4o", "openai/gpt-4o", "openai/gpt-4o", "anthropic/claude-sonnet-4.5");
    assertThat(clock.sleptMillis).hasSize(2);
  }

  @Test
  void retriesTimeoutsAndNetworkFailuresAndThrowsTheLastWhenSpent() {
    server.fail(new SocketTimeoutException("timeout"));
    server.fail(new ConnectException("Connection refused"));
    IOException last = new ConnectException("Connection refused");
    server.fail(last);

    CallResult<FakeExchange> result = run(BODY);

    assertThat(result).isEqualTo(new CallResult.Fail<FakeExchange>(last));
    assertThat(server.sent).hasSize(3);
    assertThat(records.get(0).attempts())
        .extracting(a -> a.classification())
        .containsExactly(Classification.TIMEOUT, Classification.NETWORK, Classification.NETWORK);
    assertThat(records.get(0).status()).isZero();
  }

  @Test
  void fallsBackAtOnceOnModelNotFound() {
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    server.respond(404, NOT_FOUND_404).respond(200, OK);

    run(BODY);

    assertThat(clock.sleptMillis).isEmpty();
    assertThat(sentModels()).containsExactly("openai/gpt-4o", "anthropic/claude-sonnet-4.5");
  }

  @Test
  void givesUpAtOnceOnModelNotFoundWithoutAChain() {
    server.respond(404, NOT_FOUND_404);

    CallResult.Deliver<FakeExchange> d = delivered(run(BODY));

    assertThat(server.sent).hasSize(1);
    assertThat(d.headers()).containsEntry("x-rebound-classification", "MODEL_UNAVAILABLE");
  }

  @Test
  void triesOnlyContextModelsWhenTheRequestIsTooLarge() {
    config.fallbackModels = List.of("openai/gpt-4o-mini");
    config.contextModels = List.of("google/gemini-2.5-pro");
    server.respond(400, CONTEXT_400).respond(200, OK);

    run(BODY);

    assertThat(sentModels()).containsExactly("openai/gpt-4o", "google/gemini-2.5-pro");
  }

  @Test
  void givesUpOnTooLargeWithoutContextModels() {
    config.fallbackModels = List.of("openai/gpt-4o-mini");
    server.respond(400, CONTEXT_400);

    run(BODY);

    assertThat(server.sent).hasSize(1);
    assertThat(records.get(0).attempts().get(0).classification())
        .isEqualTo(Classification.REQUEST_TOO_LARGE);
  }

  @Test
  void triesOnlyContentModelsWhenContentIsFiltered() {
    config.fallbackModels = List.of("openai/gpt-4o-mini");
    config.contentModels = List.of("mistralai/mistral-large");
    server.respond(400, FILTERED_400).respond(400, FILTERED_400);

    run(BODY);

    assertThat(sentModels()).containsExactly("openai/gpt-4o", "mistralai/mistral-large");
  }

  @Test
  void handsQuotaAuthAndBadRequestToTheApplicationAfterExactlyOneRequest() {
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    for (String[] c : new String[][] {{"429", QUOTA_429}, {"401", AUTH_401}, {"400", BAD_400}}) {
      server.sent.clear();
      server.respond(Integer.parseInt(c[0]), c[1], "retry-after", "1");

      CallResult.Deliver<FakeExchange> d = delivered(run(BODY));

      assertThat(server.sent).hasSize(1);
      assertThat(d.exchange().text()).isEqualTo(c[1]);
      assertThat(d.exchange().discarded).isZero();
      assertThat(d.headers()).containsEntry("x-should-retry", "false");
    }
    assertThat(clock.sleptMillis).isEmpty();
  }

  @Test
  void aHintLongerThanMaxWaitIsNotWaitedTheNextModelGoesAtOnce() {
    config.maxWait = java.time.Duration.ofSeconds(10);
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    server.respond(503, UNAVAILABLE_503, "retry-after", "30").respond(200, OK);

    run(BODY);

    assertThat(clock.sleptMillis).isEmpty();
    assertThat(sentModels()).containsExactly("openai/gpt-4o", "anthropic/claude-sonnet-4.5");
  }

  @Test
  void aHintLongerThanMaxWaitWithoutAFallbackGoesToTheApplication() {
    config.maxWait = java.time.Duration.ofSeconds(10);
    server.respond(429, GATEWAY_429, "retry-after", "30");

    CallResult.Deliver<FakeExchange> d = delivered(run(BODY));

    assertThat(server.sent).hasSize(1);
    assertThat(d.exchange().status()).isEqualTo(429);
  }

  @Test
  void noWaitStartsThatWouldEndPastTheDeadline() {
    config.deadline = java.time.Duration.ofSeconds(5);
    server.respond(503, UNAVAILABLE_503, "retry-after", "2");
    server.respond(503, UNAVAILABLE_503, "retry-after", "4");
    random = 0.0;

    CallResult.Deliver<FakeExchange> d = delivered(run(BODY));

    // 100 ms + 2 s + 100 ms elapsed: a 4 s wait would end past 5 s.
    assertThat(clock.sleptMillis).containsExactly(2000L);
    assertThat(server.sent).hasSize(2);
    assertThat(d.exchange().status()).isEqualTo(503);
  }

  @Test
  void noFollowUpStartsOnceTheDeadlineHasPassed() {
    config.deadline = java.time.Duration.ofMillis(150);
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    server.attemptMillis = 200;
    server.respond(404, NOT_FOUND_404);

    run(BODY);

    assertThat(server.sent).hasSize(1);
  }

  @Test
  void fallbackHeaderReplacesTheChainForThatCall() {
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    server.respond(404, NOT_FOUND_404).respond(200, OK);

    run(BODY, "x-rebound-fallback", " mistralai/mistral-large , ");

    assertThat(sentModels()).containsExactly("openai/gpt-4o", "mistralai/mistral-large");
  }

  @Test
  void perModelFallbackWinsOverTheGlobalChain() {
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    config.fallbackFor.put("openai/gpt-4o", List.of("openai/gpt-4o-mini"));
    server.respond(404, NOT_FOUND_404).respond(200, OK);

    run(BODY);

    assertThat(sentModels()).containsExactly("openai/gpt-4o", "openai/gpt-4o-mini");
  }

  @Test
  void retryOffSendsExactlyOneRequestAndStillRecordsTheCall() {
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    server.respond(503, UPSTREAM_429.replace("429", "503"));

    CallResult.Deliver<FakeExchange> d = delivered(run(BODY, "x-rebound-retry", "off"));

    assertThat(server.sent).hasSize(1);
    assertThat(d.headers()).containsEntry("x-rebound-attempts", "1");
    assertThat(records).hasSize(1);
  }

  @Test
  void anSdkRetryGetsOneAttemptPerModel() {
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    server.fail(new ConnectException("refused")).fail(new ConnectException("refused"));

    run(BODY, "x-stainless-retry-count", "1");

    assertThat(sentModels()).containsExactly("openai/gpt-4o", "anthropic/claude-sonnet-4.5");
    assertThat(clock.sleptMillis).isEmpty();
  }

  @Test
  void anAzureSdkRetryIsToldByItsRepeatedRequestIdAndGetsOneAttempt() {
    CallEngine engine = engine();
    for (int i = 0; i < 7; i++) {
      server.fail(new ConnectException("refused"));
    }

    engine.execute(call(BODY, "x-ms-client-request-id", "id-1"), server);
    assertThat(server.sent).hasSize(3);
    engine.execute(call(BODY, "x-ms-client-request-id", "id-1"), server);
    assertThat(server.sent).as("the SDK's retry of id-1").hasSize(4);
    engine.execute(call(BODY, "x-ms-client-request-id", "id-2"), server);
    assertThat(server.sent).as("another request").hasSize(7);
  }

  @Test
  void anSdkFirstTryGetsTheFullLoop() {
    server.fail(new ConnectException("refused")).fail(new ConnectException("refused"));
    server.respond(200, OK);

    run(BODY, "x-stainless-retry-count", "0");

    assertThat(server.sent).hasSize(3);
  }

  @Test
  void sdkRetriesAllowLeavesTheFinalFailureWithoutShouldRetry() {
    config.sdkRetries = SdkRetries.ALLOW;
    server.respond(401, AUTH_401);

    CallResult.Deliver<FakeExchange> d = delivered(run(BODY));

    assertThat(d.headers()).doesNotContainKey("x-should-retry");
  }

  @Test
  void everyDiscardedResponseIsClosedAndTheDeliveredOneIsNot() {
    server.respond(503, UNAVAILABLE_503).respond(502, "").respond(200, OK);

    CallResult.Deliver<FakeExchange> d = delivered(run(BODY));

    assertThat(server.exchanges.get(0).discarded).isEqualTo(1);
    assertThat(server.exchanges.get(1).discarded).isEqualTo(1);
    assertThat(d.exchange().discarded).isZero();
  }

  @Test
  void anErrorInsideA200IsRetried() {
    server
        .respond(200, "{\"error\":{\"code\":502,\"message\":\"Upstream error\"}}")
        .respond(200, OK);

    CallResult.Deliver<FakeExchange> d = delivered(run(BODY));

    assertThat(server.sent).hasSize(2);
    assertThat(d.exchange().text()).isEqualTo(OK);
    assertThat(records.get(0).attempts().get(0).errorInBody()).isTrue();
  }

  @Test
  void aResponseWhoseBytesReachedTheApplicationIsNeverRetried() {
    server.respond(503, UNAVAILABLE_503);
    server.respond(200, OK);
    Transport<FakeExchange> released =
        request -> {
          FakeExchange e = server.send(request);
          e.released = true;
          return e;
        };

    CallResult.Deliver<FakeExchange> d = delivered(engine().execute(call(BODY), released));

    assertThat(server.sent).hasSize(1);
    assertThat(d.exchange().status()).isEqualTo(503);
  }

  @Test
  void aCancelledCallSendsNothingMoreAndFails() {
    server.respond(503, UNAVAILABLE_503).respond(200, OK);
    server.cancelAfterSends = 1;

    CallResult<FakeExchange> result = run(BODY);

    assertThat(result).isInstanceOf(CallResult.Fail.class);
    assertThat(server.sent).hasSize(1);
    assertThat(server.exchanges.get(0).discarded).isEqualTo(1);
  }

  @Test
  void anInterruptDuringAWaitEndsTheCallWithInterruptedIoException() {
    server.respond(503, UNAVAILABLE_503).respond(200, OK);
    CallEngine engine =
        new CallEngine(
            config.build(),
            new Classifier(),
            clock,
            (nanos, cancelled) -> {
              throw new InterruptedException();
            },
            () -> random,
            records::add,
            () -> null);

    CallResult<FakeExchange> result = engine.execute(call(BODY), server);

    assertThat(((CallResult.Fail<FakeExchange>) result).failure())
        .isInstanceOf(java.io.InterruptedIOException.class);
    assertThat(Thread.interrupted()).isTrue();
    assertThat(server.sent).hasSize(1);
  }

  @Test
  void aRequestWithoutAModelIsRetriedButNeverFallsBack() {
    config.fallbackModels = List.of("anthropic/claude-sonnet-4.5");
    server
        .respond(503, UNAVAILABLE_503)
        .respond(503, UNAVAILABLE_503)
        .respond(503, UNAVAILABLE_503);

    CallResult.Deliver<FakeExchange> d = delivered(run("{\"input\":\"x\"}"));

    assertThat(server.sent).hasSize(3);
    assertThat(d.headers()).doesNotContainKey("x-rebound-model");
  }
}
