package dev.rebound.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** {@code rebound.Breaker} (SPEC §9): a circuit of one (host, model) changed state. */
@Name("rebound.Breaker")
@Label("Circuit Breaker")
@Category("Rebound")
@Description("A circuit of one host and model changed state")
@StackTrace(false)
final class BreakerEvent extends jdk.jfr.Event {
  @Label("Host")
  String host;

  @Label("Model")
  String model;

  @Label("State")
  @Description("open, half_open or closed")
  String state;
}
