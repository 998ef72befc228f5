package dev.rebound.agent.instrument.apache;

/** What an Apache HttpClient classic adapter (4.5 or 5) offers its hooks. */
public interface ClassicEntry extends ApacheEntry<ReplacedCall> {
  /**
   * The client's retry exec, for one of Rebound's attempts: the request passed straight to the exec
   * it wraps, whose response is returned and whose exception is thrown as the retry exec's own.
   *
   * @param exec the retry exec ({@code this} of its {@code execute})
   * @param args the arguments of its {@code execute}
   */
  Object passThroughRetry(Object exec, Object[] args) throws Exception;
}
