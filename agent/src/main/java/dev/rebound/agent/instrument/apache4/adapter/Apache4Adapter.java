package dev.rebound.agent.instrument.apache4.adapter;

import dev.rebound.agent.instrument.apache.BlockingCall;
import dev.rebound.agent.instrument.apache.ClassicEntry;

/**
 * The HttpClient 4.5 adapter's entry point, one per application class loader that holds the client:
 * each call of the hooked {@code doExecute} runs as an {@link Apache4Call}. Thread-safe
 * (stateless).
 */
public final class Apache4Adapter extends ClassicEntry {

  @Override
  public Object passThroughRetry(Object exec, Object[] args) throws Exception {
    return RetryExecs.passThrough4(exec, args);
  }

  @Override
  protected BlockingCall<?> call(Object client, Object target, Object request, Object context) {
    return new Apache4Call(client, target, request, context);
  }
}
