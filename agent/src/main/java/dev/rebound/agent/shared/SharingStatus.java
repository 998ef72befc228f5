package dev.rebound.agent.shared;

import dev.rebound.agent.metrics.CallCounters;
import java.util.function.Consumer;

/**
 * Whether this JVM shares its limits right now (SPEC §8): connected while both the publishing and
 * the subscribing connection are up. Says so in one {@code rebound: } line when sharing stops (or
 * cannot start) and one when it resumes, never once per failed attempt, and keeps the summary's
 * {@code shared.state}. Thread-safe.
 */
final class SharingStatus {
  enum Link {
    PUBLISHER,
    SUBSCRIBER
  }

  private final String where;
  private final CallCounters counters;
  private final Consumer<String> info;
  private final Consumer<String> debug;
  private boolean publisherUp;
  private boolean subscriberUp;
  private boolean connected;

  /** A stop line was printed and no resume line since. */
  private boolean stopped;

  /**
   * @param where the Redis server as it may be shown (password masked)
   * @param info prints a {@code rebound: } line at level info
   */
  SharingStatus(
      String where, CallCounters counters, Consumer<String> info, Consumer<String> debug) {
    this.where = where;
    this.counters = counters;
    this.info = info;
    this.debug = debug;
    counters.sharedState("disconnected");
  }

  void up(Link link) {
    String line = null;
    String debugLine = null;
    synchronized (this) {
      if (link == Link.PUBLISHER) {
        publisherUp = true;
      } else {
        subscriberUp = true;
      }
      if (!connected && publisherUp && subscriberUp) {
        connected = true;
        counters.sharedState("connected");
        if (stopped) {
          stopped = false;
          line = "shared limits: connected to Redis at " + where + " again; sharing resumes";
        } else {
          debugLine = "shared limits: connected to Redis at " + where;
        }
      }
    }
    print(info, line);
    print(debug, debugLine);
  }

  /** {@code reason} names what failed; it never holds the password. */
  void down(Link link, String reason) {
    String line = null;
    synchronized (this) {
      if (link == Link.PUBLISHER) {
        publisherUp = false;
      } else {
        subscriberUp = false;
      }
      connected = false;
      counters.sharedState("disconnected");
      if (!stopped) {
        stopped = true;
        line =
            "shared limits: no Redis at "
                + where
                + " ("
                + reason
                + "); this JVM goes on with its own limits and keeps trying";
      }
    }
    print(info, line);
  }

  synchronized boolean connected() {
    return connected;
  }

  private static void print(Consumer<String> out, String line) {
    if (line != null) {
      out.accept(line);
    }
  }
}
