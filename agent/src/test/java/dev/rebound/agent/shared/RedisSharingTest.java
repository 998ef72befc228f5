package dev.rebound.agent.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.config.RedisUri;
import dev.rebound.agent.engine.RemoteLimits;
import dev.rebound.agent.metrics.CallCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sharing of SPEC §8 against a real Redis, each "JVM" one {@link RedisSharing} with a recording
 * engine: what one publishes reaches the others, what is current reaches a newcomer, and Redis
 * away, back or refusing changes nothing but the status lines.
 */
class RedisSharingTest {
  final List<RedisServerProcess> servers = new ArrayList<>();

  /** One member of the fleet: its sharing, what it applied, what it printed. */
  static final class Member {
    final List<String> applied = new CopyOnWriteArrayList<>();
    final List<String> info = new CopyOnWriteArrayList<>();
    final SharingStatus status;
    final RedisSharing sharing;

    Member(RedisUri uri) {
      status = new SharingStatus(uri.toString(), new CallCounters(), info::add, line -> {});
      sharing =
          new RedisSharing(
              uri, "test", Duration.ofSeconds(30).toNanos(), new CallCounters(), status);
      sharing.applyTo(
          new RemoteLimits() {
            @Override
            public void applyPause(String host, String model, String credential, long millis) {
              applied.add("pause " + host + " " + model + " " + credential + " " + millis);
            }

            @Override
            public void applyOpen(String host, String model, String credential, long millis) {
              applied.add("open " + host + " " + model + " " + credential + " " + millis);
            }

            @Override
            public void applyProbeSuccess(String host, String model, String credential) {
              applied.add("closed " + host + " " + model + " " + credential);
            }
          });
      sharing.startThreads();
    }
  }

  @AfterEach
  void stopServers() {
    for (RedisServerProcess s : servers) {
      s.close();
    }
  }

  RedisServerProcess redis(String... extra) throws Exception {
    RedisServerProcess s = RedisServerProcess.start(extra);
    servers.add(s);
    return s;
  }

  static RedisUri uri(int port) {
    return new RedisUri(false, null, null, "127.0.0.1", port, 0);
  }

  static Member connected(RedisUri uri) {
    Member m = new Member(uri);
    await(m.status::connected, "connected");
    return m;
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited for: " + what).isLessThan(deadline);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  static long millisOf(String applied) {
    return Long.parseLong(applied.substring(applied.lastIndexOf(' ') + 1));
  }

  @Test
  void whatOneMemberLearnsReachesTheOthersButNeverComesBackToItself() throws Exception {
    RedisUri uri = uri(redis().port());
    Member a = connected(uri);
    Member b = connected(uri);
    Member c = connected(uri);

    a.sharing.publishPause("openrouter.ai", null, "61a05eb9dfe86f48", 3000);
    await(() -> b.applied.size() == 1 && c.applied.size() == 1, "b and c applied the pause");
    b.sharing.publishOpen("openrouter.ai", "openai/gpt-4o", "61a05eb9dfe86f48", 1500);
    await(() -> a.applied.size() == 1 && c.applied.size() == 2, "a and c applied the open");
    b.sharing.publishProbeSuccess("openrouter.ai", "openai/gpt-4o", "61a05eb9dfe86f48");
    await(() -> a.applied.size() == 2 && c.applied.size() == 3, "a and c applied the close");

    assertThat(b.applied.get(0)).startsWith("pause openrouter.ai null 61a05eb9dfe86f48 ");
    assertThat(millisOf(b.applied.get(0))).isBetween(1L, 3000L);
    assertThat(a.applied)
        .hasSize(2)
        .allMatch(l -> l.contains(" openai/gpt-4o "))
        .last()
        .isEqualTo("closed openrouter.ai openai/gpt-4o 61a05eb9dfe86f48");
    assertThat(b.applied).hasSize(1);
    assertThat(a.info).isEmpty();
  }

  @Test
  void aMemberThatConnectsLaterReadsThePausesAndOpenCircuitsStillCurrent() throws Exception {
    RedisServerProcess server = redis();
    RedisUri uri = uri(server.port());
    Member a = connected(uri);
    Member witness = connected(uri);
    a.sharing.publishPause("openrouter.ai", "openai/gpt-4o", "aaaa", 20_000);
    a.sharing.publishOpen("api.openai.com", "gpt-4o", "bbbb", 20_000);
    a.sharing.publishPause("api.anthropic.com", null, "cccc", 1);
    a.sharing.publishOpen("api.openai.com", "gpt-4.1", "bbbb", 20_000);
    a.sharing.publishProbeSuccess("api.openai.com", "gpt-4.1", "bbbb");
    // The 1 ms pause has expired by the time it is sent, or soon after.
    await(() -> witness.applied.size() >= 4, "all published");
    Thread.sleep(20);

    Member late = connected(uri);

    assertThat(late.applied)
        .hasSize(2)
        .anyMatch(l -> l.startsWith("pause openrouter.ai openai/gpt-4o aaaa "))
        .anyMatch(l -> l.startsWith("open api.openai.com gpt-4o bbbb "))
        .allMatch(l -> millisOf(l) > 0 && millisOf(l) <= 20_000);
  }

  @Test
  void redisAwayAtStartThenBackThenRestartedCostsOneLineEachWayAndSharingResumes()
      throws Exception {
    int port = RedisServerProcess.freePort();
    RedisServerProcess server = RedisServerProcess.onPort(port);
    servers.add(server);
    Member m = new Member(uri(port));
    long start = System.nanoTime();
    for (int i = 0; i < 5 * RedisSharing.QUEUE_CAPACITY; i++) {
      m.sharing.publishPause("openrouter.ai", null, "aaaa", 3000);
    }
    // Publishing never waits for Redis: the bounded queue drops what overflows.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    await(() -> m.info.size() == 1, "the stop line");
    assertThat(m.info.get(0))
        .startsWith("shared limits: no Redis at redis://127.0.0.1:" + port + "/0 (")
        .endsWith("this JVM goes on with its own limits and keeps trying");
    assertThat(m.status.connected()).isFalse();

    server.start();
    await(m.status::connected, "reconnected");
    assertThat(m.info).hasSize(2);
    assertThat(m.info.get(1)).contains("again; sharing resumes");

    server.stop();
    await(() -> m.info.size() == 3, "the second stop line");
    server.start();
    await(() -> m.info.size() == 4 && m.status.connected(), "the second resume line");
    Member other = connected(uri(port));
    other.sharing.publishOpen("openrouter.ai", "openai/gpt-4o", "aaaa", 5000);
    await(() -> !m.applied.isEmpty(), "an event after the restart");
  }

  @Test
  void aWrongPasswordOrDbIsReportedWithoutThePasswordAndTheRightOnesConnect() throws Exception {
    RedisServerProcess server = redis("--requirepass", "right-pw");
    Member wrong = new Member(new RedisUri(false, null, "wrong-pw", "127.0.0.1", server.port(), 0));
    await(() -> !wrong.info.isEmpty(), "the refusal line");

    assertThat(wrong.info).hasSize(1);
    assertThat(wrong.info.get(0))
        .contains("redis://:***@127.0.0.1:" + server.port() + "/0")
        .containsIgnoringCase("pass")
        .doesNotContain("wrong-pw")
        .doesNotContain("right-pw");
    Member wrongDb =
        new Member(new RedisUri(false, null, "right-pw", "127.0.0.1", server.port(), 99));
    await(() -> !wrongDb.info.isEmpty(), "the wrong db line");
    assertThat(wrongDb.info.get(0)).contains("DB index").doesNotContain("right-pw");
    connected(new RedisUri(false, null, "right-pw", "127.0.0.1", server.port(), 3));
  }

  @Test
  void aRedisThatHangsIsNoticedByItsSilenceAndNoPublishWaitsForIt() throws Exception {
    RedisServerProcess server = redis();
    Member m = connected(uri(server.port()));
    server.signal("STOP");
    try {
      long start = System.nanoTime();
      for (int i = 0; i < 2 * RedisSharing.QUEUE_CAPACITY; i++) {
        m.sharing.publishOpen("openrouter.ai", "openai/gpt-4o", "aaaa", 3000);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      await(() -> m.info.size() == 1, "the stop line");
      assertThat(m.info.get(0)).contains("no Redis at");
      // The kernel still accepts connections for a stopped Redis: a new one is no sign of life. The
      // publisher reconnects within its first backoff (at most 100 ms), and must stay down.
      long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < until) {
        assertThat(m.status.connected()).as("sharing while Redis is stopped").isFalse();
        Thread.sleep(10);
      }
      assertThat(m.info).hasSize(1);
    } finally {
      server.signal("CONT");
    }
    await(() -> m.info.size() == 2 && m.status.connected(), "the resume line");
  }
}
