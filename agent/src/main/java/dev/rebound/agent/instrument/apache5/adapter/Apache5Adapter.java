package dev.rebound.agent.instrument.apache5.adapter;

import dev.rebound.agent.instrument.apache.BlockingCall;
import dev.rebound.agent.instrument.apache.ClassicEntry;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.core5.http.ClassicHttpRequest;

/**
 * The HttpClient 5 classic adapter's entry point, one per application class loader that holds the
 * client: each call of the hooked {@code doExecute} runs as an {@link Apache5Call}. Thread-safe
 * (stateless).
 */
public final class Apache5Adapter extends ClassicEntry {

  @Override
  public Object passThroughRetry(Object exec, Object[] args) throws Exception {
    return ((ExecChain) args[2]).proceed((ClassicHttpRequest) args[0], (ExecChain.Scope) args[1]);
  }

  @Override
  protected BlockingCall<?> call(Object client, Object target, Object request, Object context) {
    return new Apache5Call(client, target, request, context);
  }
}
