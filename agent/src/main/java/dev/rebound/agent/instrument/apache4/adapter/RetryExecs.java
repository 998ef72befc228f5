package dev.rebound.agent.instrument.apache4.adapter;

import java.lang.reflect.Field;
import org.apache.http.client.methods.HttpExecutionAware;
import org.apache.http.client.methods.HttpRequestWrapper;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.execchain.ClientExecChain;

/**
 * Passes one of Rebound's attempts past HttpClient 4.5's {@code ServiceUnavailableRetryExec} to the
 * exec it wraps, which 4.5 keeps in a private field: read once per exec class. Thread-safe.
 */
final class RetryExecs {
  private static final ClassValue<Field> NEXT =
      new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
          try {
            Field field = type.getDeclaredField("requestExecutor");
            field.setAccessible(true);
            return field;
          } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
          }
        }
      };

  private RetryExecs() {}

  static Object passThrough4(Object exec, Object[] args) throws Exception {
    Field next = NEXT.get(exec.getClass());
    if (next == null) {
      throw new IllegalStateException("no requestExecutor in " + exec.getClass().getName());
    }
    return ((ClientExecChain) next.get(exec))
        .execute(
            (HttpRoute) args[0],
            (HttpRequestWrapper) args[1],
            (HttpClientContext) args[2],
            (HttpExecutionAware) args[3]);
  }
}
