package dev.rebound.agent.hook;

/**
 * One hook: the method Rebound patches and the handler the patched method asks. Immutable.
 *
 * @param client the {@code rebound.clients} name that switches this hook on
 * @param className the class to patch, as in {@code Class.getName()}
 * @param method the method's name ({@code <init>} for a constructor)
 * @param descriptor the method's exact JVM descriptor: a version that changes it is not patched
 * @param shape what the patched method does with the handler's answer
 * @param handler the {@link HookHandler} class that answers, loaded on the hook's first call
 */
public record HookRow(
    String client,
    String className,
    String method,
    String descriptor,
    Shape shape,
    String handler) {

  /** The two shapes a patched method can take. */
  public enum Shape {
    /**
     * Ask the handler first; if it answers, return its answer (or throw it), else run the original
     * body as it was.
     */
    AROUND,
    /**
     * Tell the handler the arguments before the original body runs, whatever it answers: the shape
     * of a constructor, which cannot be skipped and whose {@code this} is not yet usable.
     */
    ON_ENTRY
  }

  /** The class to patch as the JVM names it ({@code a/b/C}). */
  public String internalName() {
    return className.replace('.', '/');
  }
}
