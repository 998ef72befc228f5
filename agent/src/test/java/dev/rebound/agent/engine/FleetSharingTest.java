package dev.rebound.agent.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.classify.Classifier;
import dev.rebound.agent.engine.FakeTransport.FakeExchange;
import dev.rebound.api.CallRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the engine publishes to a fleet and how it applies what the fleet learned (SPEC §8), with a
 * recording {@link SharedLimits} in place of Redis.
 */
class FleetSharingTest {
  static final String HOST_429 = PauseAndQueueTest.HOST_429;
  static final String DOWN = ProtectionsTest.DOWN;
  static final String OK = CallEngineTest.OK;
  static final String KEY_A = "Bearer sk-fleet-a";

  /** The first 16 hex digits of SHA-256("Bearer sk-fleet-a"). */
  static final String FP_A = "61a05eb9dfe86f48";

  final FakeClock clock = new FakeClock();
  final FakeTransport server = new FakeTransport(clock);
  final TestConfig config = new TestConfig();
  final List<CallRecord> records = new ArrayList<>();
  final List<String> published = new ArrayList<>();
  CallEngine engine;
  RemoteLimits remote;

  final SharedLimits recorder =
      new SharedLimits() {
        @Override
        public void publishPause(String host, String model, String credential, long millis) {
          published.add("pause " + host + " " + model + " " + credential + " " + millis);
        }

        @Override
        public void publishOpen(String host, String model, String credential, long millis) {
          published.add("open " + host + " " + model + " " + credential + " " + millis);
        }

        @Override
        public void publishProbeSuccess(String host, String model, String credential) {
          published.add("closed " + host + " " + model + " " + credential);
        }
      };

  CallEngine engine(boolean shared) {
    if (engine == null) {
      engine =
          new CallEngine(
              config.build(), new Classifier(), clock, clock, () -> 0.0, records::add, () -> null);
      if (shared) {
        remote = engine.shareThrough(recorder);
      }
    }
    return engine;
  }

  CallResult<FakeExchange> call(String key) {
    return engine(true)
        .execute(CallEngineTest.call(CallEngineTest.BODY, "authorization", key), server);
  }

  @Test
  void theFingerprintIsTheStartOfTheSha256OfTheFirstCredentialHeader() {
    assertThat(CredentialFingerprint.of(name -> name.equals("authorization") ? KEY_A : null))
        .isEqualTo(FP_A);
    assertThat(CredentialFingerprint.of(name -> name.equals("x-goog-api-key") ? "AIza" : null))
        .isEqualTo(CredentialFingerprint.of("AIza"))
        .hasSize(16)
        .isNotEqualTo(FP_A);
    assertThat(CredentialFingerprint.of(name -> null)).isEmpty();
  }

  @Test
  void aKeyQueryParameterNamesTheCredentialWhenNoHeaderDoes() {
    byte[] body = CallEngineTest.BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThat(
            CredentialFingerprint.of(
                new LlmCall("jdk", "h", "/p", body, name -> null, "alt=sse&key=AIzaB")))
        .isEqualTo(CredentialFingerprint.of("AIzaB"));
    assertThat(
            CredentialFingerprint.of(
                new LlmCall(
                    "jdk",
                    "h",
                    "/p",
                    body,
                    name -> name.equals("authorization") ? KEY_A : null,
                    "key=AIzaB")))
        .isEqualTo(FP_A);
    assertThat(
            CredentialFingerprint.of(new LlmCall("jdk", "h", "/p", body, name -> null, "alt=sse")))
        .isEmpty();
  }

  @Test
  void withoutSharingNoCredentialIsComputedAndAPauseHoldsEveryKey() {
    config.maxAttempts = 1;
    engine(false);
    server.respond(429, HOST_429, "retry-after", "5");
    engine.execute(CallEngineTest.call(CallEngineTest.BODY, "authorization", KEY_A), server);
    server.respond(200, OK);

    engine.execute(
        CallEngineTest.call(CallEngineTest.BODY, "authorization", "Bearer other"), server);

    assertThat(engine.protections().credentialOf(CallEngineTest.call("{}", "authorization", KEY_A)))
        .isEmpty();
    assertThat(clock.sleptMillis).containsExactly(5000L);
    assertThat(published).isEmpty();
  }

  @Test
  void aGatewayLimitIsPublishedWithTheFingerprintAndPausesOnlyThatKeyHere() {
    config.maxAttempts = 1;
    server.respond(429, HOST_429, "retry-after", "3");
    call(KEY_A);
    server.respond(200, OK).respond(200, OK);

    call("Bearer another-key");
    assertThat(clock.sleptMillis).isEmpty();
    call(KEY_A);

    assertThat(published).containsExactly("pause openrouter.ai null " + FP_A + " 3000");
    // 3 s from the 429, of which the other key's 100 ms attempt has passed.
    assertThat(clock.sleptMillis).containsExactly(2900L);
    assertThat(String.join("", published)).doesNotContain("sk-fleet-a");
  }

  @Test
  void aRemotePauseHoldsCallsWithThatKeyOnlyAndIsNotPublishedAgain() {
    config.maxAttempts = 1;
    engine(true);
    remote.applyPause("openrouter.ai", null, FP_A, 4000);
    server.respond(200, OK).respond(200, OK);

    call("Bearer another-key");
    assertThat(clock.sleptMillis).isEmpty();
    call(KEY_A);

    assertThat(clock.sleptMillis).containsExactly(3900L);
    assertThat(server.sent).hasSize(2);
    assertThat(published).isEmpty();
  }

  @Test
  void aRemoteOpenShortCircuitsUntilTheRemoteProbeSucceedsThenCallsGo() {
    config.maxAttempts = 1;
    config.breakerWait = false;
    config.breakerOpenDuration = Duration.ofSeconds(10);
    engine(true);
    remote.applyOpen("openrouter.ai", "openai/gpt-4o", FP_A, 2000);

    assertThat(call(KEY_A)).isInstanceOf(CallResult.Synthetic.class);
    // The other JVM's probe is due at 2 s: this JVM does not probe too.
    clock.advanceMillis(2500);
    assertThat(call(KEY_A)).isInstanceOf(CallResult.Synthetic.class);
    assertThat(server.sent).isEmpty();

    remote.applyProbeSuccess("openrouter.ai", "openai/gpt-4o", FP_A);
    server.respond(200, OK);
    assertThat(call(KEY_A)).isInstanceOf(CallResult.Deliver.class);
    assertThat(published).isEmpty();
  }

  @Test
  void aRemoteOpenWithNoResultLetsThisJvmProbeAfterAnotherOpenPeriod() {
    config.maxAttempts = 1;
    config.breakerWait = false;
    config.breakerOpenDuration = Duration.ofSeconds(10);
    engine(true);
    remote.applyOpen("openrouter.ai", "openai/gpt-4o", FP_A, 2000);
    clock.advanceMillis(12_000);
    server.respond(200, OK);

    assertThat(call(KEY_A)).isInstanceOf(CallResult.Deliver.class);
    assertThat(published).containsExactly("closed openrouter.ai openai/gpt-4o " + FP_A);
  }

  @Test
  void aCircuitOpenedHereIsPublishedWithItsRemainingTimeAndItsCloseToo() {
    config.maxAttempts = 1;
    config.breakerWait = false;
    for (int i = 0; i < 5; i++) {
      server.respond(503, DOWN);
      call(KEY_A);
    }
    assertThat(published).containsExactly("open openrouter.ai openai/gpt-4o " + FP_A + " 30000");
    clock.advanceMillis(30_000);
    server.respond(200, OK);

    call(KEY_A);

    assertThat(published).last().isEqualTo("closed openrouter.ai openai/gpt-4o " + FP_A);
    assertThat(new String(server.sent.get(5).body(), UTF_8)).contains("gpt-4o");
  }

  @Test
  void twoJvmsThatOpenTheSameCircuitLeaveTheProbeToTheOneWhoseProbeIsDueLast() {
    config.maxAttempts = 1;
    config.breakerWait = false;
    CallEngine a = engine(true);
    RemoteLimits toA = remote;
    FakeTransport serverB = new FakeTransport(clock);
    CallEngine b =
        new CallEngine(
            config.build(), new Classifier(), clock, clock, () -> 0.0, records::add, () -> null);
    // Both open before either hears of the other: the messages cross.
    List<Runnable> inTransit = new ArrayList<>();
    RemoteLimits toB = b.shareThrough(forwardingTo(() -> toA, inTransit));
    a.shareThrough(forwardingTo(() -> toB, inTransit));
    LlmCall call = CallEngineTest.call(CallEngineTest.BODY, "authorization", KEY_A);
    for (int i = 0; i < 5; i++) {
      server.respond(503, DOWN);
      a.execute(call, server);
    }
    clock.advanceMillis(1000);
    for (int i = 0; i < 5; i++) {
      serverB.respond(503, DOWN);
      b.execute(call, serverB);
    }
    assertThat(inTransit).hasSize(2);
    inTransit.forEach(Runnable::run);
    inTransit.clear();
    clock.advanceMillis(30_500);
    int sentA = server.sent.size();
    serverB.respond(200, OK);

    // A's own probe was due first, but B opened later: A holds, B probes, and its success frees A.
    assertThat(a.execute(call, server)).isInstanceOf(CallResult.Synthetic.class);
    assertThat(b.execute(call, serverB)).isInstanceOf(CallResult.Deliver.class);
    inTransit.forEach(Runnable::run);
    server.respond(200, OK);
    assertThat(a.execute(call, server)).isInstanceOf(CallResult.Deliver.class);
    assertThat(server.sent).hasSize(sentA + 1);
  }

  /** A fleet of two without Redis: what one publishes waits in transit until the test delivers. */
  static SharedLimits forwardingTo(
      java.util.function.Supplier<RemoteLimits> other, List<Runnable> inTransit) {
    return new SharedLimits() {
      @Override
      public void publishPause(String host, String model, String credential, long millis) {
        inTransit.add(() -> other.get().applyPause(host, model, credential, millis));
      }

      @Override
      public void publishOpen(String host, String model, String credential, long millis) {
        inTransit.add(() -> other.get().applyOpen(host, model, credential, millis));
      }

      @Override
      public void publishProbeSuccess(String host, String model, String credential) {
        inTransit.add(() -> other.get().applyProbeSuccess(host, model, credential));
      }
    };
  }
}
