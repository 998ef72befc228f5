package dev.rebound.agent.cli;

import java.util.ArrayList;
import java.util.List;

/** What one run of the demo client got. Confined to one thread. */
final class DemoRun {
  int calls;
  int succeeded;
  int answeredByFallback;
  int requests;
  double seconds;
  final List<Double> latencies = new ArrayList<>();

  /** Adds one {@code CALL status model millis} line; true when the call succeeded. */
  boolean add(String line) {
    String[] f = line.split(" ");
    calls++;
    boolean ok = f[1].equals("200");
    if (ok) {
      succeeded++;
      if (f[2].equals(FaultServer.BACKUP)) {
        answeredByFallback++;
      }
    }
    latencies.add(Double.parseDouble(f[3]));
    return ok;
  }
}
