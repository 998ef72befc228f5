package dev.rebound.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** {@code rebound.Attempt} (SPEC §9): one request of a managed call, from send to classified. */
@Name("rebound.Attempt")
@Label("LLM Attempt")
@Category("Rebound")
@Description("One request of a managed LLM API call, from sending it to its classification")
@StackTrace(false)
final class AttemptEvent extends jdk.jfr.Event {
  @Label("Model")
  String model;

  @Label("Status")
  @Description("HTTP status of the attempt; 0 when it failed without a response")
  int status;

  @Label("Classification")
  String classification;

  @Label("Provider")
  @Description("The upstream provider a gateway named, if any")
  String provider;

  @Label("Wait Before")
  @Description("The backoff or server-requested wait planned before this attempt")
  @Timespan(Timespan.MILLISECONDS)
  long waitBeforeMs;
}
