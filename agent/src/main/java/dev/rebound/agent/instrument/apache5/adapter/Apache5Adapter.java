package dev.rebound.agent.instrument.apache5.adapter;

import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache.ReplacedCall;
import dev.rebound.agent.instrument.apache.ClassicEntry;

/**
 * The HttpClient 5 classic adapter's entry point, one per application class loader that holds the
 * client: each call of the hooked {@code doExecute} runs as an {@link Apache5Call}. Thread-safe
 * (stateless).
 */
public final class Apache5Adapter implements ClassicEntry {

  @Override
  public ReplacedCall execute(Object client, Object target, Object request, Object context) {
    return new Apache5Call(client, target, request, context).run(AgentRuntime.current());
  }
}
