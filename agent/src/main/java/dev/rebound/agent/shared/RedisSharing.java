package dev.rebound.agent.shared;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.config.RedisUri;
import dev.rebound.agent.engine.CallEngine;
import dev.rebound.agent.engine.RemoteLimits;
import dev.rebound.agent.engine.SharedLimits;
import dev.rebound.agent.metrics.CallCounters;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A fleet's shared limits through Redis (SPEC §8). Application threads only offer what this JVM
 * learned to a bounded queue ({@link SharedLimits}); one daemon thread sends it (a key that expires
 * when the pause or open circuit ends, and a message on the channel); another subscribes to the
 * channel, reads the keys current when it connects, and applies what other JVMs learned to the
 * engine ({@link RemoteLimits}). Redis away, slow or refusing: the queue overflows and is dropped,
 * both threads reconnect with backoff, and no call ever notices. Loaded only when {@code
 * rebound.shared.redis} is set. Thread-safe.
 */
public final class RedisSharing implements SharedLimits {
  static final int QUEUE_CAPACITY = 1024;
  static final int TIMEOUT_MILLIS = 2000;

  /** A quiet subscription is checked with a PING this often. */
  static final int PING_MILLIS = 5000;

  static final long MIN_BACKOFF_MILLIS = 100;
  static final long MAX_BACKOFF_MILLIS = 2000;

  private final RedisUri uri;
  private final String namespace;
  private final String channel;
  private final String sender = UUID.randomUUID().toString();
  private final long closedMaxAgeNanos;
  private final CallCounters counters;
  private final SharingStatus status;
  private final BlockingQueue<Queued> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private volatile RemoteLimits remote;

  /** An event and when it was learned, so that a late send gives the time that is left. */
  private record Queued(SharedEvent event, long atNanos) {}

  /**
   * @param closedMaxAgeNanos how long a circuit's close may wait to be sent; later, the other JVMs
   *     have probed for themselves
   */
  RedisSharing(
      RedisUri uri,
      String namespace,
      long closedMaxAgeNanos,
      CallCounters counters,
      SharingStatus status) {
    this.uri = uri;
    this.namespace = namespace;
    this.channel = namespace + ":events";
    this.closedMaxAgeNanos = closedMaxAgeNanos;
    this.counters = counters;
    this.status = status;
  }

  /** Shares {@code engine}'s limits through the Redis of {@code config}; returns at once. */
  public static void start(ReboundConfig config, CallEngine engine, CallCounters counters) {
    SharingStatus status =
        new SharingStatus(
            config.sharedRedis().toString(), counters, Diagnostics::info, Diagnostics::debug);
    RedisSharing sharing =
        new RedisSharing(
            config.sharedRedis(),
            config.sharedNamespace(),
            config.breakerOpenDuration().toNanos(),
            counters,
            status);
    sharing.applyTo(engine.shareThrough(sharing));
    sharing.startThreads();
  }

  void startThreads() {
    daemon(this::publishLoop, "rebound-shared-publish").start();
    daemon(this::subscribeLoop, "rebound-shared-subscribe").start();
  }

  /** Where what other JVMs learned goes; set before {@link #startThreads}. */
  void applyTo(RemoteLimits remote) {
    this.remote = remote;
  }

  @Override
  public void publishPause(String host, String model, String credential, long millis) {
    offer(new SharedEvent(sender, SharedEvent.Kind.PAUSE, host, credential, model, millis));
  }

  @Override
  public void publishOpen(String host, String model, String credential, long millis) {
    offer(new SharedEvent(sender, SharedEvent.Kind.OPEN, host, credential, model, millis));
  }

  @Override
  public void publishProbeSuccess(String host, String model, String credential) {
    offer(new SharedEvent(sender, SharedEvent.Kind.CLOSED, host, credential, model, 0));
  }

  private void offer(SharedEvent event) {
    if (event.travels()) {
      // Full while Redis is away: what cannot be sent now would be stale by then anyway.
      queue.offer(new Queued(event, System.nanoTime()));
    }
  }

  private void publishLoop() {
    RespConnection connection = null;
    Backoff backoff = new Backoff();
    while (true) {
      try {
        if (connection == null) {
          connection = RespConnection.open(uri, TIMEOUT_MILLIS);
          status.up(SharingStatus.Link.PUBLISHER);
          backoff.reset();
        }
        Queued next = queue.take();
        try {
          send(connection, next);
        } catch (IOException stale) {
          // A connection that idled through a Redis restart: one fresh try before calling it down.
          connection.close();
          connection = null;
          connection = RespConnection.open(uri, TIMEOUT_MILLIS);
          send(connection, next);
        }
      } catch (IOException | RuntimeException e) {
        // A reply of an unexpected shape too: the thread must live on, and print no stack trace.
        if (connection != null) {
          connection.close();
          connection = null;
        }
        status.down(SharingStatus.Link.PUBLISHER, reason(e));
        if (!backoff.sleep()) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void send(RespConnection connection, Queued queued) throws IOException {
    SharedEvent event = queued.event();
    long ageNanos = System.nanoTime() - queued.atNanos();
    String line = event.encode();
    if (event.kind() == SharedEvent.Kind.CLOSED) {
      if (ageNanos > closedMaxAgeNanos) {
        return;
      }
      connection.send("DEL", event.key(namespace));
    } else {
      long left = event.millis() - TimeUnit.NANOSECONDS.toMillis(ageNanos);
      if (left <= 0) {
        return;
      }
      line = event.withMillis(left).encode();
      connection.send("SET", event.key(namespace), line, "PX", Long.toString(left));
    }
    connection.send("PUBLISH", channel, line);
    connection.flush();
    connection.read();
    connection.read();
    counters.sharedPublished();
  }

  private void subscribeLoop() {
    Backoff backoff = new Backoff();
    while (true) {
      try (RespConnection subscription = RespConnection.open(uri, TIMEOUT_MILLIS)) {
        subscription.call("SUBSCRIBE", channel);
        // Subscribed first, then read: nothing published meanwhile is missed.
        readCurrent();
        status.up(SharingStatus.Link.SUBSCRIBER);
        backoff.reset();
        listen(subscription);
      } catch (IOException | RuntimeException e) {
        status.down(SharingStatus.Link.SUBSCRIBER, reason(e));
      }
      if (!backoff.sleep()) {
        return;
      }
    }
  }

  /** The pauses and open circuits current in Redis, with the time each has left. */
  private void readCurrent() throws IOException {
    try (RespConnection c = RespConnection.open(uri, TIMEOUT_MILLIS)) {
      String cursor = "0";
      do {
        List<?> page = (List<?>) c.call("SCAN", cursor, "MATCH", namespace + ":*", "COUNT", "200");
        cursor = (String) page.get(0);
        for (Object key : (List<?>) page.get(1)) {
          c.send("GET", (String) key);
          c.send("PTTL", (String) key);
          c.flush();
          Object value = c.read();
          Object ttl = c.read();
          if (value instanceof String line && ttl instanceof Long millis && millis > 0) {
            SharedEvent e = SharedEvent.decode(line);
            // This JVM's own keys too are skipped: it knows them, and applying them as another
            // JVM's would hand its probe away.
            if (e != null && e.kind() != SharedEvent.Kind.CLOSED && !e.sender().equals(sender)) {
              apply(e.withMillis(millis));
            }
          }
        }
      } while (!cursor.equals("0"));
    }
  }

  private void listen(RespConnection subscription) throws IOException {
    subscription.readTimeout(PING_MILLIS);
    boolean pinged = false;
    while (true) {
      Object reply;
      try {
        reply = subscription.read();
      } catch (SocketTimeoutException quiet) {
        if (pinged) {
          throw new IOException("Redis did not answer a PING within " + PING_MILLIS + " ms");
        }
        subscription.send("PING");
        subscription.flush();
        pinged = true;
        continue;
      }
      pinged = false;
      if (reply instanceof List<?> message
          && message.size() == 3
          && "message".equals(message.get(0))
          && message.get(2) instanceof String line) {
        SharedEvent e = SharedEvent.decode(line);
        if (e != null && !e.sender().equals(sender)) {
          apply(e);
        }
      }
    }
  }

  private void apply(SharedEvent e) {
    RemoteLimits target = remote;
    switch (e.kind()) {
      case PAUSE -> target.applyPause(e.host(), e.model(), e.credential(), e.millis());
      case OPEN -> target.applyOpen(e.host(), e.model(), e.credential(), e.millis());
      case CLOSED -> target.applyProbeSuccess(e.host(), e.model(), e.credential());
    }
    counters.sharedReceived();
  }

  /** What failed, for the stop line: the exception's kind and message, never a password. */
  private static String reason(Exception e) {
    String message = e.getMessage();
    return message == null || e instanceof RuntimeException
        ? e.getClass().getSimpleName()
        : message;
  }

  private static Thread daemon(Runnable loop, String name) {
    Thread t = new Thread(loop, name);
    t.setDaemon(true);
    return t;
  }

  /** Reconnection waits: doubling from 100 ms to 2 s, jittered so that a fleet cannot stampede. */
  private static final class Backoff {
    private long next = MIN_BACKOFF_MILLIS;

    void reset() {
      next = MIN_BACKOFF_MILLIS;
    }

    /** Sleeps; false when interrupted, which ends the thread. */
    boolean sleep() {
      long millis = next / 2 + ThreadLocalRandom.current().nextLong(next / 2 + 1);
      next = Math.min(MAX_BACKOFF_MILLIS, next * 2);
      try {
        Thread.sleep(millis);
        return true;
      } catch (InterruptedException e) {
        return false;
      }
    }
  }
}
