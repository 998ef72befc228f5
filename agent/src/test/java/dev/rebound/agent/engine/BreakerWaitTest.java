package dev.rebound.agent.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.classify.Classifier;
import dev.rebound.agent.engine.FakeTransport.FakeExchange;
import dev.rebound.api.CallRecord;
import dev.rebound.api.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Waiting for a circuit (SPEC §4, {@code rebound.breaker.wait}): which failures count, who waits,
 * the probe, the slow start, cancels and give-ups. Fake clock and a scheduler that runs what is due
 * on it; nothing sleeps.
 */
class BreakerWaitTest {
  static final String DOWN = ProtectionsTest.DOWN;
  static final String OK = CallEngineTest.OK;
  static final String MODEL = "openai/gpt-4o";

  final FakeClock clock = new FakeClock();
  final FakeTransport server = new FakeTransport(clock);
  final TestConfig config = new TestConfig();
  final List<CallRecord> records = new ArrayList<>();
  final List<String> breakerEvents = new ArrayList<>();
  final TimedScheduler scheduler = new TimedScheduler(clock);

  /** Attempts of asynchronous calls, in flight until the test completes them. */
  final List<CompletableFuture<FakeExchange>> inFlight = new ArrayList<>();

  CallEngine engine;

  @BeforeEach
  void smallCircuit() {
    config.maxAttempts = 1;
    config.breakerFailureThreshold = 2;
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  CallEngine engine() {
    if (engine == null) {
      EngineEvents events =
          new EngineEvents() {
            @Override
            public void call(CallRecord record) {
              records.add(record);
            }

            @Override
            public void breaker(String host, String model, String state, Instant until) {
              breakerEvents.add(state);
            }
          };
      engine =
          new CallEngine(
              config.build(), new Classifier(), clock, clock, () -> 0.0, events, () -> scheduler);
    }
    return engine;
  }

  /** A request told apart from the others by its {@code n}. */
  static String body(int n) {
    return "{\"model\":\"" + MODEL + "\",\"n\":" + n + ",\"messages\":[]}";
  }

  CallResult<FakeExchange> call(int n, String... headers) {
    return engine().execute(CallEngineTest.call(body(n), headers), server);
  }

  CompletableFuture<CallResult<FakeExchange>> callAsync(int n) {
    return engine()
        .executeAsync(
            CallEngineTest.call(body(n)),
            request -> {
              server.sent.add(request);
              CompletableFuture<FakeExchange> f = new CompletableFuture<>();
              inFlight.add(f);
              return f;
            });
  }

  /** The {@code n} of every request the server got, in order. */
  List<Integer> sentOrder() {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < server.sent.size(); i++) {
      String b = server.sentBody(i);
      int at = b.indexOf("\"n\":") + 4;
      order.add(Integer.parseInt(b.substring(at, b.indexOf(',', at))));
    }
    return order;
  }

  static FakeExchange exchange(int status, String body) {
    return new FakeExchange(status, new LinkedHashMap<>(), body.getBytes(UTF_8));
  }

  /** Two failed calls (numbered 0, one request each) open the circuit for 30 s. */
  void openCircuit() {
    server.respond(503, DOWN).respond(503, DOWN);
    call(0, "x-rebound-retry", "off");
    call(0, "x-rebound-retry", "off");
    assertThat(breakerEvents).containsExactly("open");
    server.sent.clear();
  }

  /** Completes the attempt in flight at {@code index} and runs what it let go. */
  void answer(int index, int status, String body) {
    inFlight.get(index).complete(exchange(status, body));
    scheduler.runDue();
  }

  @Test
  void gatewayRateLimitsOfEitherScopeNeitherCountNorResetTheCount() {
    config.breakerFailureThreshold = 3;
    server.respond(503, DOWN).respond(503, DOWN);
    server.respond(429, CallEngineTest.GATEWAY_429).respond(429, CallEngineTest.MODEL_429);
    server.respond(503, DOWN);
    for (int i = 0; i < 4; i++) {
      call(i);
    }
    assertThat(breakerEvents).isEmpty();

    call(4);

    // 503, 503, two gateway limits, 503: three health failures in a row.
    assertThat(breakerEvents).containsExactly("open");
  }

  @Test
  void aBurstOfHostWideRateLimitsNeverOpensACircuit() {
    for (int i = 0; i < 20; i++) {
      server.respond(429, CallEngineTest.GATEWAY_429);
      call(i);
    }

    assertThat(breakerEvents).isEmpty();
    server.respond(200, OK);
    assertThat(call(20)).isInstanceOf(CallResult.Deliver.class);
  }

  @Test
  void aProbeThatMeetsAGatewayLimitStaysWithItsCallWhichRetriesAfterTheHint() {
    config.maxAttempts = 2;
    openCircuit();
    clock.advanceMillis(30_000);
    server.respond(429, CallEngineTest.GATEWAY_429, "retry-after", "1").respond(200, OK);

    CallResult<FakeExchange> r = call(1);

    assertThat(r).isInstanceOf(CallResult.Deliver.class);
    assertThat(server.sent).hasSize(2);
    assertThat(clock.sleptMillis).containsExactly(1000L);
    assertThat(breakerEvents).containsExactly("open", "half_open", "closed");
  }

  @Test
  void aBlockingCallWaitsOnItsThreadForTheProbeAndIsTheProbe() {
    openCircuit();
    server.respond(200, OK);

    CallResult<FakeExchange> r = call(1);

    assertThat(r).isInstanceOf(CallResult.Deliver.class);
    assertThat(clock.sleptMillis).containsExactly(30_000L);
    assertThat(server.sent).hasSize(1);
    assertThat(breakerEvents).containsExactly("open", "half_open", "closed");
    CallRecord record = records.get(records.size() - 1);
    assertThat(record.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(record.waitMillis()).isEqualTo(30_000.0);
  }

  @Test
  void aCallWhoseOwnFailuresOpenTheCircuitWaitsForTheProbeInsteadOfFailing() {
    config.maxAttempts = 3;
    server.respond(503, DOWN).respond(503, DOWN).respond(200, OK);

    CallResult<FakeExchange> r = call(1);

    // Its second failure opened the circuit; its third attempt is the probe, 30 s later.
    assertThat(r).isInstanceOf(CallResult.Deliver.class);
    assertThat(server.sent).hasSize(3);
    assertThat(clock.sleptMillis).containsExactly(30_000L);
    CallRecord record = records.get(0);
    assertThat(record.outcome()).isEqualTo(Outcome.RETRY_SUCCESS);
    assertThat(record.waitMillis()).isEqualTo(30_000.0);
    assertThat(breakerEvents).containsExactly("open", "half_open", "closed");
  }

  @Test
  void theProbesOwnCallWaitsOnWhenItsProbeFails() {
    config.maxAttempts = 3;
    openCircuit();
    server.respond(503, DOWN).respond(200, OK);

    CallResult<FakeExchange> r = call(1);

    assertThat(r).isInstanceOf(CallResult.Deliver.class);
    assertThat(clock.sleptMillis).containsExactly(30_000L, 30_000L);
    assertThat(server.sent).hasSize(2);
  }

  @Test
  void aCallUnderWayThatCanWaitNoLongerGetsReboundsOwn503CountingItsRequests() {
    config.maxAttempts = 3;
    config.deadline = Duration.ofSeconds(40);
    callAsync(1);
    CompletableFuture<CallResult<FakeExchange>> second = callAsync(2);
    answer(0, 503, DOWN);
    // The first call retries at once (no jitter); the second's failure opens the circuit.
    answer(1, 503, DOWN);
    answer(2, 503, DOWN);
    assertThat(sentOrder()).containsExactly(1, 2, 1);

    scheduler.advanceMillis(30_000);
    // The first call, first in line, is the probe; the second waits for its result, then gives up.
    assertThat(sentOrder()).containsExactly(1, 2, 1, 1);
    scheduler.advanceMillis(10_000);

    CallResult.Synthetic<FakeExchange> own = (CallResult.Synthetic<FakeExchange>) second.join();
    assertThat(own.status()).isEqualTo(503);
    assertThat(own.headers()).containsEntry("x-rebound-attempts", "1");
    CallRecord record = records.get(0);
    assertThat(record.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(record.attempts()).hasSize(1);
    assertThat(record.waitMillis()).isEqualTo(40_000.0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"deadline", "max-wait", "wait=false"})
  void aCallThatCannotWaitGetsReboundsOwn503AtOnce(String limit) {
    switch (limit) {
      case "deadline" -> config.deadline = Duration.ofSeconds(20);
      case "max-wait" -> config.maxWait = Duration.ofSeconds(20);
      default -> config.breakerWait = false;
    }
    openCircuit();

    CallResult<FakeExchange> r = call(1);

    CallResult.Synthetic<FakeExchange> own = (CallResult.Synthetic<FakeExchange>) r;
    assertThat(own.status()).isEqualTo(503);
    assertThat(new String(own.body(), UTF_8))
        .isEqualTo(
            "{\"error\":{\"code\":503,\"message\":\"rebound: circuit open for openai/gpt-4o\","
                + "\"type\":\"rebound_circuit_open\"}}");
    assertThat(own.headers())
        .containsEntry("retry-after", "30")
        .containsEntry("x-rebound-attempts", "0")
        .containsEntry("x-rebound-classification", "PROVIDER_UNAVAILABLE");
    assertThat(clock.sleptMillis).isEmpty();
    assertThat(server.sent).isEmpty();
    assertThat(records.get(records.size() - 1).outcome()).isEqualTo(Outcome.SHORT_CIRCUITED);
  }

  @Test
  void whileTheProbeIsInFlightOthersWaitAndASuccessReleasesThemInASlowStart() {
    openCircuit();
    List<CompletableFuture<CallResult<FakeExchange>>> calls = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      calls.add(callAsync(i));
    }
    assertThat(server.sent).isEmpty();

    scheduler.advanceMillis(30_000);
    assertThat(sentOrder()).containsExactly(1);
    answer(0, 200, OK);
    // The probe worked: two go.
    assertThat(sentOrder()).containsExactly(1, 2, 3);
    answer(1, 200, OK);
    // Each success frees its place and adds one.
    assertThat(sentOrder()).containsExactly(1, 2, 3, 4, 5);
    answer(2, 200, OK);

    assertThat(sentOrder()).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(calls.get(0)).isCompleted();
    assertThat(calls.get(6)).isNotDone();
    for (int i = 3; i < 7; i++) {
      answer(i, 200, OK);
    }
    assertThat(calls).allSatisfy(c -> assertThat(c).isCompleted());
    assertThat(records.subList(2, 9))
        .allSatisfy(rec -> assertThat(rec.outcome()).isEqualTo(Outcome.SUCCESS))
        .allSatisfy(rec -> assertThat(rec.waitMillis()).isGreaterThanOrEqualTo(30_000.0));
  }

  @Test
  void aFailedProbeOpensTheCircuitAgainAndTheOthersWaitOnForTheNextOne() {
    openCircuit();
    for (int i = 1; i <= 3; i++) {
      callAsync(i);
    }
    scheduler.advanceMillis(30_000);

    answer(0, 503, DOWN);
    assertThat(sentOrder()).containsExactly(1);
    scheduler.advanceMillis(29_000);
    assertThat(sentOrder()).containsExactly(1);
    scheduler.advanceMillis(1_000);

    // The longest waiter is the next probe; its success lets the last one go.
    assertThat(sentOrder()).containsExactly(1, 2);
    answer(1, 200, OK);
    assertThat(sentOrder()).containsExactly(1, 2, 3);
    assertThat(breakerEvents).containsExactly("open", "half_open", "open", "half_open", "closed");
  }

  @Test
  void callsArrivingDuringTheSlowStartQueueBehindTheWaiters() {
    openCircuit();
    for (int i = 1; i <= 4; i++) {
      callAsync(i);
    }
    scheduler.advanceMillis(30_000);
    answer(0, 200, OK);
    assertThat(sentOrder()).containsExactly(1, 2, 3);

    callAsync(5);

    assertThat(sentOrder()).containsExactly(1, 2, 3);
    answer(1, 200, OK);
    assertThat(sentOrder()).containsExactly(1, 2, 3, 4, 5);
    // Nobody waits any more: the circuit is simply closed and a new call goes at once.
    callAsync(6);
    assertThat(sentOrder()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void cancellingAWaitingCallFreesItsPlaceAtOnce() {
    openCircuit();
    CompletableFuture<CallResult<FakeExchange>> first = callAsync(1);
    callAsync(2);

    first.cancel(true);
    scheduler.advanceMillis(30_000);

    // The cancelled call was first in line: the next one is the probe.
    assertThat(sentOrder()).containsExactly(2);
    assertThat(records.get(2).outcome()).isEqualTo(Outcome.FAILED);
  }

  @Test
  void aCallWaitingForAProbeThatDoesNotAnswerGivesUpAtItsDeadline() {
    config.deadline = Duration.ofSeconds(20);
    openCircuit();
    clock.advanceMillis(30_000);
    callAsync(1);
    CompletableFuture<CallResult<FakeExchange>> second = callAsync(2);

    scheduler.advanceMillis(19_000);
    assertThat(second).isNotDone();
    scheduler.advanceMillis(1_000);

    CallResult.Synthetic<FakeExchange> own = (CallResult.Synthetic<FakeExchange>) second.join();
    assertThat(own.status()).isEqualTo(503);
    assertThat(sentOrder()).containsExactly(1);
    CallRecord record = records.get(records.size() - 1);
    assertThat(record.outcome()).isEqualTo(Outcome.SHORT_CIRCUITED);
    assertThat(record.waitMillis()).isEqualTo(20_000.0);
  }

  @Test
  void aCallWhoseWholeChainIsOpenWaitsForTheEarliestProbe() {
    String fallback = "anthropic/claude-sonnet-4.5";
    config.fallbackModels = List.of(fallback);
    server.respond(503, DOWN).respond(503, DOWN);
    call(0, "x-rebound-retry", "off");
    call(0, "x-rebound-retry", "off");
    clock.advanceMillis(5_000);
    server.respond(503, DOWN).respond(503, DOWN);
    engine().execute(CallEngineTest.call(body(0).replace(MODEL, fallback)), server);
    engine().execute(CallEngineTest.call(body(0).replace(MODEL, fallback)), server);
    // Both circuits are open: gpt-4o lets a probe through in 24.8 s, the fallback in 29.9 s.
    server.sent.clear();
    server.respond(200, OK);

    CallResult<FakeExchange> r = call(1);

    assertThat(clock.sleptMillis).containsExactly(24_800L);
    assertThat(server.sent).extracting(AttemptRequest::model).containsExactly(MODEL);
    assertThat(r).isInstanceOf(CallResult.Deliver.class);
  }

  /** Runs scheduled tasks when the fake clock reaches them, in the order they are due. */
  static final class TimedScheduler extends ScheduledThreadPoolExecutor {
    private final FakeClock clock;
    private final List<Task> tasks = new ArrayList<>();

    TimedScheduler(FakeClock clock) {
      super(1);
      this.clock = clock;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      Task task = new Task(clock.nanoTime() + unit.toNanos(delay), command);
      tasks.add(task);
      return task;
    }

    @Override
    public void execute(Runnable command) {
      schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    /** Moves the clock on, running each task at its own time. */
    void advanceMillis(long millis) {
      long target = clock.nanoTime() + millis * 1_000_000;
      Task next;
      while ((next = nextDue(target)) != null) {
        clock.advanceMillis(Math.max(0, (next.due - clock.nanoTime()) / 1_000_000));
        tasks.remove(next);
        next.run();
      }
      clock.advanceMillis((target - clock.nanoTime()) / 1_000_000);
    }

    void runDue() {
      advanceMillis(0);
    }

    private Task nextDue(long target) {
      return tasks.stream()
          .filter(t -> t.due - target <= 0)
          .min(Comparator.comparingLong(t -> t.due))
          .orElse(null);
    }
  }

  private static final class Task extends CompletableFuture<Void>
      implements ScheduledFuture<Void>, Runnable {
    final long due;
    private final Runnable command;

    Task(long due, Runnable command) {
      this.due = due;
      this.command = command;
    }

    @Override
    public void run() {
      if (!isDone()) {
        command.run();
        complete(null);
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed o) {
      return 0;
    }
  }
}
