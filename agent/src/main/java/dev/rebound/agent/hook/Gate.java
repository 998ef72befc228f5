package dev.rebound.agent.hook;

import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

/**
 * The one entry point of every patched method: {@link #around} finds the row's {@link HookHandler}
 * and turns its answer into what the patched method does. It is reached by an {@code invokestatic}
 * from classes whose loader sees the agent, or through {@link #AS_FUNCTION}, which the patched
 * method fetches by reflection where it cannot, as in the JDK's own modules; no class of Rebound is
 * ever put on the boot class path. The fail-open boundary of every hook: a handler that cannot be
 * made or that throws lets the original body run.
 *
 * <p>The system class loader defines this class for both sides, after looking for it in every entry
 * of the application's class path before the agent jar: so it names no other class of Rebound's but
 * {@link HookHandler}, which the first hook call loads. What it knows of the hooks it is told, in
 * JDK types, by {@link #serve}. Thread-safe.
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

  /**
   * Each row's handler once made. A plain array, read and written with data races on purpose: a
   * handler keeps its state in final fields, so a thread that sees one sees it whole; a thread that
   * sees null makes the handler again. (An {@code AtomicReferenceArray} costs a fresh JVM 1 to 4 ms
   * of variable-handle set-up.) Written before {@link #maker} and read after it, which publishes
   * it.
   */
  private static Object[] handlers = new Object[0];

  /** Rows whose handler could not be made: the original body always runs. Written like handlers. */
  private static boolean[] unavailable = new boolean[0];

  /** Makes a row's handler, or answers null when it cannot; null until Rebound serves the gate. */
  private static volatile IntFunction<Object> maker;

  /** Hears each failure of a handler, with its row. */
  private static volatile ObjIntConsumer<Throwable> failures;

  private Gate() {}

  /**
   * Rebound serves the gate: {@code rows} hook rows, whose handlers {@code maker} makes (it answers
   * null for a row whose handler cannot be made, once it has said so), and whose handlers' failures
   * go to {@code failed}. Called once, before the first class is patched ({@link HookTransformer});
   * until then every patched method runs its original body.
   */
  public static void serve(int rows, IntFunction<Object> maker, ObjIntConsumer<Throwable> failed) {
    handlers = new Object[rows];
    unavailable = new boolean[rows];
    failures = failed;
    Gate.maker = maker;
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
   * Called by a patched method with its row in the hook table. Throws only what the handler
   * answered with {@link #thrown}: the application's own exception, not Rebound's.
   */
  public static Object around(int row, Object self, Object[] args) throws Throwable {
    Object answer;
    try {
      HookHandler handler = handler(row);
      answer = handler == null ? null : handler.around(self, args);
    } catch (Throwable t) {
      failed(row, t);
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

  /** The row's handler, or null when Rebound does not serve the gate or it cannot be made. */
  private static HookHandler handler(int row) {
    IntFunction<Object> make = maker;
    if (make == null) {
      return null;
    }
    Object[] made = handlers;
    HookHandler handler = (HookHandler) made[row];
    if (handler == null && !unavailable[row]) {
      handler = (HookHandler) make.apply(row);
      // A race makes two stateless handlers; either one is right.
      made[row] = handler;
      unavailable[row] = handler == null;
    }
    return handler;
  }

  private static void failed(int row, Throwable t) {
    try {
      // Set before the maker: a handler that could fail was made after it.
      failures.accept(t, row);
    } catch (Throwable reportFailed) {
      // Telling of a failure must not become one: the original body runs all the same.
    }
  }
}
