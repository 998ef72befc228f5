package dev.rebound.agent.hook;

import dev.rebound.agent.bootstrap.Diagnostics;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.function.Function;

/**
 * The one entry point of every patched method: {@link #around} finds the row's {@link HookHandler}
 * and turns its answer into what the patched method does. It is reached by an {@code invokestatic}
 * from classes whose loader sees the agent, or through {@link #AS_FUNCTION}, which the patched
 * method fetches by reflection where it cannot, as in the JDK's own modules; no class of Rebound is
 * ever put on the boot class path. The fail-open boundary of every hook: a handler that cannot be
 * loaded or that throws lets the original body run. Thread-safe.
 */
public final class Gate implements Function<Object[], Object> {
  /** Marks an answer that the patched method throws instead of returning. */
  private static final class Thrown {
    private final Throwable error;

    private Thrown(Throwable error) {
      this.error = error;
    }
  }

  /**
   * The gate as a JDK type, for classes whose loader cannot see Rebound (the JDK's own): they fetch
   * it through the system class loader ({@link GateCode}) and call {@code apply(new Object[] {row,
   * self, args})}, an interface call, where a method handle would cost its first call dozens of
   * generated classes. The gate itself, not a class of its own: one class less for premain to load.
   */
  public static final Function<Object[], Object> AS_FUNCTION = new Gate();

  private static final List<HookRow> ROWS = HookTable.ROWS;

  /**
   * Each row's {@link HookHandler} once loaded. A plain array, read and written with data races on
   * purpose: a handler keeps its state in final fields, so a thread that sees one sees it whole; a
   * thread that sees null loads the handler again. (An {@code AtomicReferenceArray} costs a fresh
   * JVM 1 to 4 ms of variable-handle set-up, in premain, where {@code AgentLoader} initializes this
   * class.) Typed {@code Object[]} so that premain does not load the handler interface: a JVM that
   * never loads a hooked client never needs it.
   */
  private static final Object[] HANDLERS = new Object[ROWS.size()];

  /**
   * Rows whose handler could not be loaded: the original body always runs. Written like {@link
   * #HANDLERS}; a thread that misses a write tries the load again and reports it once more.
   */
  private static final boolean[] UNAVAILABLE = new boolean[ROWS.size()];

  /** Where the handlers are: Rebound's own class loader ({@code AgentLoader}), once set. */
  private static volatile ClassLoader handlerLoader = Gate.class.getClassLoader();

  /** Counts a handler's failure as an agent error; null until Rebound runs. */
  private static volatile Runnable failures;

  private Gate() {}

  /** The handlers are loaded by {@code loader}, Rebound's own, which this class cannot name. */
  public static void loadHandlersWith(ClassLoader loader) {
    handlerLoader = loader;
  }

  /** {@code counter} counts each failure of a handler ({@code agent_error}). */
  public static void countFailuresWith(Runnable counter) {
    failures = counter;
  }

  /** {@link #AS_FUNCTION}'s call: {@code call} is {@code {row, self, args}}. */
  @Override
  public Object apply(Object[] call) {
    try {
      return around((Integer) call[0], call[1], (Object[]) call[2]);
    } catch (Throwable t) {
      // Only what the handler answered with thrown(): the patched method throws it as it is.
      throw Gate.<RuntimeException>sneaky(t);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  /**
   * Called by a patched method with its row in {@link HookTable#ROWS}. Throws only what the handler
   * answered with {@link #thrown}: the application's own exception, not Rebound's.
   */
  public static Object around(int row, Object self, Object[] args) throws Throwable {
    Object answer;
    try {
      HookHandler handler = handler(row);
      answer = handler == null ? null : handler.around(self, args);
    } catch (Throwable t) {
      failed(ROWS.get(row), t);
      return null;
    }
    if (answer instanceof Thrown) {
      throw ((Thrown) answer).error;
    }
    return answer;
  }

  /** The answer that makes the patched method throw {@code error}. */
  public static Object thrown(Throwable error) {
    return new Thrown(error);
  }

  /** The row's handler, or null when it could not be loaded. */
  private static HookHandler handler(int row) {
    HookHandler handler = (HookHandler) HANDLERS[row];
    if (handler == null && !UNAVAILABLE[row]) {
      handler = load(ROWS.get(row));
      // A race loads two stateless handlers; either one is right.
      HANDLERS[row] = handler;
      UNAVAILABLE[row] = handler == null;
    }
    return handler;
  }

  private static HookHandler load(HookRow row) {
    try {
      Class<?> type = Class.forName(row.handler(), true, handlerLoader);
      // A handler that serves several rows is told which one it serves. Looked for, not tried: a
      // NoSuchMethodException's message spins a lambda and a stream on the first managed call.
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        Class<?>[] parameters = constructor.getParameterTypes();
        if (parameters.length == 1 && parameters[0] == HookRow.class) {
          return (HookHandler) constructor.newInstance(row);
        }
      }
      return (HookHandler) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      Diagnostics.info("could not start the hook of " + where(row) + " (left as it is): " + e);
      return null;
    }
  }

  private static void failed(HookRow row, Throwable t) {
    Runnable counter = failures;
    if (counter != null) {
      counter.run();
    }
    Diagnostics.debug(where(row) + " failed open: " + t);
  }

  private static String where(HookRow row) {
    return row.className() + "." + row.method();
  }
}
