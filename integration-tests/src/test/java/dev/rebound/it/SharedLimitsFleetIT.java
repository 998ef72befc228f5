package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.Awaits;
import dev.rebound.it.support.Bodies;
import dev.rebound.it.support.ProbeProcess;
import dev.rebound.it.support.RedisServer;
import dev.rebound.it.support.ScriptedLlmServer;
import dev.rebound.it.support.ScriptedLlmServer.Received;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fleet of three JVMs sharing its limits through a real Redis (SPEC §8, issue #16): each a JDK
 * HttpClient application with the built agent, against one scripted LLM server. Each request
 * carries the JVM's number in {@code x-fleet-jvm}, so that the server tells who sent what.
 */
class SharedLimitsFleetIT {
  static final String PATH = "/api/v1/chat/completions";
  static final String MODEL = "openai/gpt-4o";
  static final String DOWN = "{\"error\":{\"code\":503,\"message\":\"Service Unavailable\"}}";
  static final String KEY_A = "Authorization: Bearer sk-fleet-a";
  static final String KEY_B = "Authorization: Bearer sk-fleet-b";
  static final String PROBE = "dev.rebound.it.probes.JdkHttpClientProbe";

  RedisServer redis;
  ScriptedLlmServer server;
  final List<ProbeProcess> jvms = new ArrayList<>();
  Path dir;

  @BeforeEach
  void startFleet() throws Exception {
    redis = RedisServer.start();
    server = new ScriptedLlmServer();
    server.always(200, Bodies.COMPLETION);
    dir = Files.createTempDirectory("rebound-fleet");
    for (int i = 1; i <= 3; i++) {
      Map<String, String> props = new LinkedHashMap<>();
      props.put("rebound.hosts", server.hostAndPort());
      props.put("rebound.shared.redis", redis.uri());
      props.put("rebound.retry.max-attempts", "1");
      props.put("rebound.breaker.failure-threshold", "2");
      props.put("rebound.breaker.open-duration", "2s");
      props.put("rebound.metrics.file", dir.resolve("metrics-" + i + ".jsonl").toString());
      jvms.add(
          ProbeProcess.start(
              PROBE,
              List.of(Paths.get("target/test-classes").toAbsolutePath()),
              props,
              ProbeProcess.currentJava()));
    }
    // The first managed call starts each engine, and with it the sharing.
    for (int i = 1; i <= 3; i++) {
      assertThat(post(i, KEY_A).status()).isEqualTo(200);
    }
    awaitSubscribers(3);
    server.reset();
    server.always(200, Bodies.COMPLETION);
  }

  @AfterEach
  void stopFleet() throws IOException {
    for (ProbeProcess jvm : jvms) {
      jvm.close();
    }
    // Without redis-server the fleet was never started: the test is skipped, not failed here.
    if (server != null) {
      server.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  ProbeProcess.Result post(int jvm, String key) throws IOException {
    return jvms.get(jvm - 1)
        .call(
            "string-sync", server.url(PATH), Bodies.chatRequest(MODEL), key, "x-fleet-jvm: " + jvm);
  }

  CompletableFuture<ProbeProcess.Result> postLater(int jvm, String key) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return post(jvm, key);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  void awaitSubscribers(int count) {
    Awaits.until(
        () -> {
          try {
            return redis.command("PUBSUB NUMSUB rebound:events").contains(":" + count + "\r\n");
          } catch (IOException e) {
            return false;
          }
        },
        Duration.ofSeconds(30),
        count + " JVMs subscribed");
  }

  /** Waits until a pause or open circuit is in Redis, then a little for its message to land. */
  void awaitKey(String kind) throws InterruptedException {
    Awaits.until(
        () -> {
          try {
            return redis.command("KEYS rebound:" + kind + ":*").startsWith("*1\r\n");
          } catch (IOException e) {
            return false;
          }
        },
        Duration.ofSeconds(10),
        "a " + kind + " key in Redis");
    Thread.sleep(300);
  }

  static String jvm(Received r) {
    return r.headers().get("x-fleet-jvm");
  }

  static String key(Received r) {
    return r.headers().get("authorization");
  }

  @Test
  void aGatewayLimitSeenByOneJvmHoldsTheOthersWithThatKeyOnlyUntilItPasses() throws Exception {
    server.reset();
    server.enqueue(
        429, Bodies.read("openrouter/429-rate-limit-exceeded-typed.json"), "Retry-After", "3");
    server.always(200, Bodies.COMPLETION);

    assertThat(post(1, KEY_A).status()).isEqualTo(429);
    long limitedAt = server.received().get(0).nanos();
    awaitKey("pause");
    // Another key goes at once, from a JVM that learned of the pause only through Redis.
    assertThat(post(2, KEY_B).status()).isEqualTo(200);
    CompletableFuture<ProbeProcess.Result> two = postLater(2, KEY_A);
    CompletableFuture<ProbeProcess.Result> three = postLater(3, KEY_A);

    assertThat(two.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(three.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
    List<Received> got = server.received();
    assertThat(got).hasSize(4);
    Received other = got.get(1);
    assertThat(key(other)).isEqualTo("Bearer sk-fleet-b");
    assertThat(other.nanos() - limitedAt).isLessThan(TimeUnit.MILLISECONDS.toNanos(2500));
    for (Received r : got.subList(2, 4)) {
      assertThat(key(r)).isEqualTo("Bearer sk-fleet-a");
      assertThat(jvm(r)).isIn("2", "3");
      // Retry-After: 3, less what it took JVM 1 to publish and Redis to deliver.
      assertThat(r.nanos() - limitedAt).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(2500));
    }
    // The summary written at exit says what was shared (SPEC §8).
    for (ProbeProcess jvm : jvms) {
      jvm.close();
    }
    assertThat(lastSummary(1)).contains("\"shared\":{\"state\":\"connected\",\"published\":1,");
    assertThat(lastSummary(2))
        .contains("\"shared\":{\"state\":\"connected\",\"published\":0,\"received\":1}");
  }

  String lastSummary(int jvm) throws IOException {
    List<String> summaries =
        Files.readAllLines(dir.resolve("metrics-" + jvm + ".jsonl")).stream()
            .filter(l -> l.contains("\"type\":\"summary\""))
            .toList();
    assertThat(summaries).isNotEmpty();
    return summaries.get(summaries.size() - 1);
  }

  @Test
  void aCircuitOpenedInOneJvmHoldsTheOthersAndOneProbeGoesOutForTheFleet() throws Exception {
    server.reset();
    server.enqueue(503, DOWN).enqueue(503, DOWN);
    server.always(200, Bodies.COMPLETION);
    assertThat(post(1, KEY_A).status()).isEqualTo(503);
    assertThat(post(1, KEY_A).status()).isEqualTo(503);
    awaitKey("open");

    CompletableFuture<ProbeProcess.Result> two = postLater(2, KEY_A);
    CompletableFuture<ProbeProcess.Result> three = postLater(3, KEY_A);
    Thread.sleep(500);
    // JVMs 2 and 3 wait for the circuit; nothing of theirs reached the model.
    assertThat(server.received()).hasSize(2);
    // JVM 1 opened it: its next call is the probe, once the open time is over.
    assertThat(post(1, KEY_A).status()).isEqualTo(200);

    assertThat(two.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(three.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
    List<Received> got = server.received();
    assertThat(got).hasSize(5);
    assertThat(jvm(got.get(2))).as("the one probe, from JVM 1").isEqualTo("1");
    assertThat(got.subList(3, 5))
        .extracting(SharedLimitsFleetIT::jvm)
        .containsExactlyInAnyOrder("2", "3");
  }

  @Test
  void withRedisGoneEveryCallGoesOnAsWithoutSharingAndSharingResumesWhenItIsBack()
      throws Exception {
    redis.stop();
    for (ProbeProcess jvm : jvms) {
      Awaits.until(
          () -> stderr(jvm).contains("rebound: shared limits: no Redis at redis://127.0.0.1:"),
          Duration.ofSeconds(20),
          "the stop line");
    }
    for (int round = 0; round < 3; round++) {
      for (int i = 1; i <= 3; i++) {
        long start = System.nanoTime();
        assertThat(post(i, KEY_A).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      }
    }
    assertThat(server.received()).hasSize(9);

    redis.restart();
    for (ProbeProcess jvm : jvms) {
      Awaits.until(
          () -> stderr(jvm).contains("sharing resumes"), Duration.ofSeconds(20), "the resume line");
      String err = stderr(jvm);
      assertThat(count(err, "no Redis at")).isEqualTo(1);
      assertThat(count(err, "sharing resumes")).isEqualTo(1);
      // Nothing but those two lines reached the application's stderr.
      assertThat(err.lines()).hasSize(2).allMatch(l -> l.startsWith("rebound: shared limits: "));
    }
    awaitSubscribers(3);
    server.reset();
    server.enqueue(
        429, Bodies.read("openrouter/429-rate-limit-exceeded-typed.json"), "Retry-After", "3");
    server.always(200, Bodies.COMPLETION);
    assertThat(post(1, KEY_A).status()).isEqualTo(429);
    long limitedAt = server.received().get(0).nanos();
    awaitKey("pause");
    assertThat(post(2, KEY_A).status()).isEqualTo(200);
    assertThat(server.received().get(1).nanos() - limitedAt)
        .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(2500));
  }

  static String stderr(ProbeProcess jvm) {
    try {
      return jvm.stderr();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
