package dev.rebound.agent.hook;

/**
 * What a patched method asks through the {@link Gate}. Implemented once per hook row, in the
 * agent's own class loader, so it names no client type: it sees the client's objects as {@code
 * Object}.
 */
public interface HookHandler {
  /**
   * @param self the patched method's {@code this}, or null for a static method or a constructor
   * @param args the patched method's arguments, primitives boxed
   * @return null to run the original body; otherwise the value the patched method returns (any
   *     non-null value for a void method), or {@link Gate#thrown(Throwable)} for an exception it
   *     throws. A handler that throws is a bug in Rebound: the original body runs (fail-open).
   */
  Object around(Object self, Object[] args) throws Exception;
}
