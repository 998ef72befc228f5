package dev.rebound.agent.instrument.apache5.adapter;

import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.apache.ClassicEntry;
import dev.rebound.agent.instrument.apache.ReplacedCall;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.core5.http.ClassicHttpRequest;

/**
 * The HttpClient 5 classic adapter's entry point, one per application class loader that holds the
 * client: each call of the hooked {@code doExecute} runs as an {@link Apache5Call}. Thread-safe
 * (stateless).
 */
public final class Apache5Adapter implements ClassicEntry {

  @Override
  public ReplacedCall execute(Object client, Object[] args) {
    return new Apache5Call(client, args[0], args[1], args[2]).run(AgentRuntime.current());
  }

  @Override
  public Object passThroughRetry(Object exec, Object[] args) throws Exception {
    return ((ExecChain) args[2]).proceed((ClassicHttpRequest) args[0], (ExecChain.Scope) args[1]);
  }
}
