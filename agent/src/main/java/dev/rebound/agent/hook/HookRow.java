package dev.rebound.agent.hook;

/**
 * One hook: the method Rebound patches and the handler the patched method asks. Immutable.
 *
 * @param client the {@code rebound.clients} name that switches this hook on
 * @param className the class to patch, as in {@code Class.getName()}
 * @param method the method's name ({@code <init>} for a constructor)
 * @param descriptor the method's exact JVM descriptor: a version that changes it is not patched
 * @param onEntry the shape of the patched method: false, the around shape (ask the handler first;
 *     if it answers, return its answer or throw it, else run the original body as it was); true,
 *     the shape of a constructor, which cannot be skipped and whose {@code this} is not yet usable
 *     (tell the handler the arguments before the original body runs, whatever it answers)
 * @param handler the {@link HookHandler} class that answers, loaded on the hook's first call
 */
public record HookRow(
    String client,
    String className,
    String method,
    String descriptor,
    boolean onEntry,
    String handler) {

  /** The class to patch as the JVM names it ({@code a/b/C}). */
  public String internalName() {
    return className.replace('.', '/');
  }
}
