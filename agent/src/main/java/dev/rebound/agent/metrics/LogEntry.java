package dev.rebound.agent.metrics;

import dev.rebound.api.CallRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One line waiting for the writer thread: what the caller handed over, copied so that the writer
 * reads nothing the caller can still change. Immutable.
 */
sealed interface LogEntry permits LogEntry.Start, LogEntry.Call, LogEntry.Breaker, Summary {

  /**
   * The {@code start} entry, with a copy of the caller's clients. The config is taken as it is (an
   * unmodifiable map, whose text the configuration writes out when it is first read, on the writer
   * thread) and sorted by key when written.
   */
  static Start start(
      long tsMillis, String version, String jvm, List<String> clients, Map<String, String> config) {
    return new Start(
        tsMillis,
        version,
        jvm,
        clients == null ? List.of() : new ArrayList<>(clients),
        config == null ? Map.of() : config);
  }

  /** The {@code start} record. */
  record Start(
      long tsMillis, String version, String jvm, List<String> clients, Map<String, String> config)
      implements LogEntry {}

  /** A {@code call} record. */
  record Call(CallRecord record) implements LogEntry {}

  /** A {@code breaker} record; {@code until} is null when the state has no end. */
  record Breaker(long tsMillis, String host, String model, String state, Instant until)
      implements LogEntry {}
}
