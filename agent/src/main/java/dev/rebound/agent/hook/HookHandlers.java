package dev.rebound.agent.hook;

import dev.rebound.agent.bootstrap.Diagnostics;
import java.lang.reflect.Constructor;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

/**
 * What Rebound serves the {@link Gate} with: each row's {@link HookHandler}, made from Rebound's
 * own class loader on the row's first call, and what a handler's failure means (an agent error, one
 * debug line). A handler that cannot be made is said once, at {@code info}, and its row left as it
 * is. Thread-safe (immutable).
 */
public final class HookHandlers implements IntFunction<Object>, ObjIntConsumer<Throwable> {
  private final ClassLoader loader;
  private final Runnable agentErrors;

  /**
   * @param loader where the handlers are: Rebound's own class loader
   * @param agentErrors counts each failure of a handler ({@code agent_error})
   */
  public HookHandlers(ClassLoader loader, Runnable agentErrors) {
    this.loader = loader;
    this.agentErrors = agentErrors;
  }

  /** Lets the gate ask these handlers for every row of {@link HookTable#ROWS}. */
  public void serveGate() {
    Gate.serve(HookTable.ROWS.size(), this, this);
  }

  /** The handler of {@code row}, or null when it cannot be made. */
  @Override
  public Object apply(int row) {
    HookRow hook = HookTable.ROWS.get(row);
    try {
      Class<?> type = Class.forName(hook.handler(), true, loader);
      // A handler that serves several rows is told which one it serves. Looked for, not tried: a
      // NoSuchMethodException's message spins a lambda and a stream on the first managed call.
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        Class<?>[] parameters = constructor.getParameterTypes();
        if (parameters.length == 1 && parameters[0] == HookRow.class) {
          return (HookHandler) constructor.newInstance(hook);
        }
      }
      return (HookHandler) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      Diagnostics.info("could not start the hook of " + where(hook) + " (left as it is): " + e);
      return null;
    }
  }

  /** The handler of {@code row} failed: the call went on as if it had not been hooked. */
  @Override
  public void accept(Throwable failure, int row) {
    agentErrors.run();
    Diagnostics.debug(where(HookTable.ROWS.get(row)) + " failed open: " + failure);
  }

  private static String where(HookRow row) {
    return row.className() + "." + row.method();
  }
}
