package dev.rebound.agent.instrument.apache;

import dev.rebound.agent.instrument.AgentRuntime;

/**
 * What an Apache HttpClient classic adapter (4.5 or 5) offers its hooks. Both hook the same {@code
 * doExecute(target, request, context)}, so the call is run here; an adapter only says how its
 * library's call is made and how its retry exec lets one of Rebound's attempts through.
 */
public abstract class ClassicEntry implements ApacheEntry<ReplacedCall> {
  /**
   * The client's retry exec, for one of Rebound's attempts: the request passed straight to the exec
   * it wraps, whose response is returned and whose exception is thrown as the retry exec's own.
   *
   * @param exec the retry exec ({@code this} of its {@code execute})
   * @param args the arguments of its {@code execute}
   */
  public abstract Object passThroughRetry(Object exec, Object[] args) throws Exception;

  @Override
  public final ReplacedCall execute(Object client, Object[] args) {
    return call(client, args[0], args[1], args[2]).run(AgentRuntime.current());
  }

  /** One call of the client's {@code doExecute}, in its library's types. */
  protected abstract BlockingCall<?> call(
      Object client, Object target, Object request, Object context);
}
