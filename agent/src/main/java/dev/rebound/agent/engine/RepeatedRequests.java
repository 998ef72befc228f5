package dev.rebound.agent.engine;

import dev.rebound.agent.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells an SDK's retry by its request id (SPEC §4): the Azure SDKs send the same {@code
 * x-ms-client-request-id} again on each of their retries. Remembers the ids of recent calls, for as
 * long as a call and an SDK's waits can last; bounded, the oldest forgotten first. Only calls that
 * carry the header pay anything. Thread-safe.
 */
final class RepeatedRequests {
  static final String AZURE_REQUEST_ID = "x-ms-client-request-id";

  /** More ids than any JVM has calls within {@link #memoryNanos}. */
  static final int MAX_IDS = 10_000;

  private final Clock clock;
  private final long memoryNanos;
  private final Map<String, Long> seen = new ConcurrentHashMap<>();

  RepeatedRequests(Clock clock, long memoryNanos) {
    this.clock = clock;
    this.memoryNanos = memoryNanos;
  }

  /** True when a call with this id was seen within the memory: the SDK is retrying it. */
  boolean isRepeat(String requestId) {
    if (requestId == null || requestId.isBlank()) {
      return false;
    }
    long now = clock.nanoTime();
    Long before = seen.put(requestId, now);
    if (seen.size() > MAX_IDS) {
      forgetOld(now);
    }
    return before != null && now - before <= memoryNanos;
  }

  private void forgetOld(long now) {
    Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
    while (it.hasNext()) {
      if (now - it.next().getValue() > memoryNanos) {
        it.remove();
      }
    }
    // Still too many within the memory (a burst): the tenth seen least recently goes, at once, so
    // that the next thousand calls pay nothing for it.
    int excess = seen.size() - MAX_IDS * 9 / 10;
    if (excess > 0) {
      seen.entrySet().stream()
          .sorted(Map.Entry.comparingByValue())
          .limit(excess)
          .toList()
          .forEach(oldest -> seen.remove(oldest.getKey(), oldest.getValue()));
    }
  }
}
