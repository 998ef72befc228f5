package dev.rebound.agent.instrument.apache4.adapter;

import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache.ClassicEntry;
import dev.rebound.agent.instrument.apache.ReplacedCall;

/**
 * The HttpClient 4.5 adapter's entry point, one per application class loader that holds the client:
 * each call of the hooked {@code doExecute} runs as an {@link Apache4Call}. Thread-safe
 * (stateless).
 */
public final class Apache4Adapter implements ClassicEntry {

  @Override
  public ReplacedCall execute(Object client, Object[] args) {
    return new Apache4Call(client, args[0], args[1], args[2]).run(AgentRuntime.current());
  }

  @Override
  public Object passThroughRetry(Object exec, Object[] args) throws Exception {
    return RetryExecs.passThrough4(exec, args);
  }
}
