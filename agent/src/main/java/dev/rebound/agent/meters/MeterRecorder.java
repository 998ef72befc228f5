package dev.rebound.agent.meters;

import dev.rebound.api.AttemptRecord;
import dev.rebound.api.CallRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The meters of SPEC §9, their names, units and attributes, written to each library found. A
 * library that throws is dropped and counted as an agent error: it never gets a second chance to
 * fail every event. Confined to the {@code rebound-meters} thread.
 */
final class MeterRecorder {
  static final String CALLS = "rebound.calls";
  static final String ATTEMPTS = "rebound.attempts";
  static final String CALL_DURATION = "rebound.call.duration";
  static final String BREAKER_TRANSITIONS = "rebound.breaker.transitions";

  static final String OUTCOME = "rebound.outcome";
  static final String CLIENT = "rebound.client";
  static final String CLASSIFICATION = "rebound.classification";
  static final String BREAKER_STATE = "rebound.breaker.state";
  static final String SERVER_ADDRESS = "server.address";
  static final String MODEL = "gen_ai.request.model";

  private final BoundedValues values;
  private final Runnable onError;
  private final List<MeterBackend> backends = new ArrayList<>();

  MeterRecorder(BoundedValues values, Runnable onError) {
    this.values = values;
    this.onError = onError;
  }

  void addAll(List<MeterBackend> found) {
    backends.addAll(found);
  }

  boolean isEmpty() {
    return backends.isEmpty();
  }

  String libraries() {
    return backends.stream().map(MeterBackend::library).collect(Collectors.joining(", "));
  }

  void record(Object event) {
    if (event instanceof CallRecord call) {
      call(call);
    } else if (event instanceof MeterSink.BreakerChange change) {
      breaker(change);
    }
  }

  private void call(CallRecord call) {
    String outcome = call.outcome().wireName();
    String host = values.host(call.host());
    String requested = values.model(call.modelRequested());
    String client = call.client() == null ? BoundedValues.NONE : call.client();
    each(
        b -> {
          b.increment(
              CALLS,
              "Managed LLM API calls, by outcome",
              "{call}",
              new String[] {
                OUTCOME, outcome, CLIENT, client, SERVER_ADDRESS, host, MODEL, requested
              });
          b.recordSeconds(
              CALL_DURATION,
              "Duration of managed LLM API calls, all attempts and waits included",
              call.totalMillis() / 1000.0,
              new String[] {OUTCOME, outcome, MODEL, requested});
        });
    for (AttemptRecord attempt : call.attempts()) {
      String[] tags = {
        CLASSIFICATION, attempt.classification().name(),
        SERVER_ADDRESS, host,
        MODEL, values.model(attempt.model())
      };
      each(
          b -> b.increment(ATTEMPTS, "Requests sent for managed LLM API calls", "{attempt}", tags));
    }
  }

  private void breaker(MeterSink.BreakerChange change) {
    String[] tags = {
      BREAKER_STATE, change.state(),
      SERVER_ADDRESS, values.host(change.host()),
      MODEL, values.model(change.model())
    };
    each(
        b ->
            b.increment(
                BREAKER_TRANSITIONS, "Circuit breaker state changes", "{transition}", tags));
  }

  private void each(java.util.function.Consumer<MeterBackend> action) {
    for (Iterator<MeterBackend> it = backends.iterator(); it.hasNext(); ) {
      MeterBackend backend = it.next();
      try {
        action.accept(backend);
      } catch (RuntimeException | LinkageError e) {
        it.remove();
        onError.run();
      }
    }
  }
}
