package dev.rebound.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** {@code rebound.Call} (SPEC §9): one managed call; its duration is the call's, waits too. */
@Name("rebound.Call")
@Label("LLM Call")
@Category("Rebound")
@Description("A managed LLM API call: all attempts and waits, until its record was written")
@StackTrace(false)
final class CallEvent extends jdk.jfr.Event {
  @Label("Client")
  String client;

  @Label("Host")
  String host;

  @Label("Path")
  String path;

  @Label("Model Requested")
  String modelRequested;

  @Label("Model Used")
  String modelUsed;

  @Label("Outcome")
  String outcome;

  @Label("Status")
  @Description("HTTP status the application saw; 0 when it got an exception")
  int status;

  @Label("Attempts")
  int attempts;
}
