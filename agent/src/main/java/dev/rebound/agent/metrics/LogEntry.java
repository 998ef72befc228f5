package dev.rebound.agent.metrics;

import dev.rebound.api.CallRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line waiting for the writer thread: what the caller handed over, copied so that the writer
 * reads nothing the caller can still change. Immutable.
 */
sealed interface LogEntry permits LogEntry.Start, LogEntry.Call, LogEntry.Breaker, Summary {

  /**
   * The {@code start} entry, with copies of the caller's collections; the config sorted by key so
   * that the line reads the same on every start.
   */
  static Start start(
      long tsMillis, String version, String jvm, List<String> clients, Map<String, String> config) {
    return new Start(
        tsMillis,
        version,
        jvm,
        clients == null ? List.of() : new ArrayList<>(clients),
        config == null ? Map.of() : new TreeMap<>(config));
  }

  /** The {@code start} record; {@code config} is already sorted by key. */
  record Start(
      long tsMillis, String version, String jvm, List<String> clients, Map<String, String> config)
      implements LogEntry {}

  /** A {@code call} record. */
  record Call(CallRecord record) implements LogEntry {}

  /** A {@code breaker} record; {@code until} is null when the state has no end. */
  record Breaker(long tsMillis, String host, String model, String state, Instant until)
      implements LogEntry {}
}
