package dev.rebound.agent.hook;

/**
 * {@code (Function) ClassLoader.getSystemClassLoader().loadClass("dev.rebound.agent.hook.Gate")
 * .AS_FUNCTION}, as dynamic constants that the JVM resolves once per patched class and caches: how
 * a class whose loader cannot see Rebound (the JDK's own) reaches {@link Gate}, through JDK types
 * only. Its module must read Rebound's (see {@link HookTransformer}). Made on first use, at most
 * once per class. Confined to one patch.
 */
final class GateHandle {
  private static final String INVOKE =
      "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;"
          + "Ljava/lang/invoke/MethodHandle;[Ljava/lang/Object;)Ljava/lang/Object;";

  private final ConstantPool pool;
  private final int firstBootstrap;
  private final ByteSink bootstraps = new ByteSink(64);
  private int added;
  private int index = -1;

  /**
   * @param existingBootstraps how many entries the class's {@code BootstrapMethods} has already
   */
  GateHandle(ConstantPool pool, int existingBootstraps) {
    this.pool = pool;
    this.firstBootstrap = existingBootstraps;
  }

  /** The pool index of the handle's dynamic constant. */
  int index() {
    if (index < 0) {
      int invoke =
          pool.methodHandle(
              ConstantPool.REF_INVOKE_STATIC,
              "java/lang/invoke/ConstantBootstraps",
              "invoke",
              INVOKE);
      int systemLoader =
          dynamic(
              invoke,
              "systemLoader",
              "Ljava/lang/ClassLoader;",
              pool.methodHandle(
                  ConstantPool.REF_INVOKE_STATIC,
                  "java/lang/ClassLoader",
                  "getSystemClassLoader",
                  "()Ljava/lang/ClassLoader;"));
      int gate =
          dynamic(
              invoke,
              "reboundGate",
              "Ljava/lang/Class;",
              pool.methodHandle(
                  ConstantPool.REF_INVOKE_VIRTUAL,
                  "java/lang/ClassLoader",
                  "loadClass",
                  "(Ljava/lang/String;)Ljava/lang/Class;"),
              systemLoader,
              pool.string(Gate.class.getName()));
      index =
          dynamic(
              pool.methodHandle(
                  ConstantPool.REF_INVOKE_STATIC,
                  "java/lang/invoke/ConstantBootstraps",
                  "getStaticFinal",
                  "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;"
                      + "Ljava/lang/Class;)Ljava/lang/Object;"),
              "AS_FUNCTION",
              "Ljava/util/function/Function;",
              gate);
    }
    return index;
  }

  /** How many bootstrap methods the handle added to the class (0 when unused). */
  int added() {
    return added;
  }

  /** The added {@code BootstrapMethods} entries, to append to the class's own. */
  ByteSink bootstraps() {
    return bootstraps;
  }

  private int dynamic(int bootstrap, String name, String descriptor, int... arguments) {
    bootstraps.u2(bootstrap).u2(arguments.length);
    for (int argument : arguments) {
      bootstraps.u2(argument);
    }
    return pool.dynamic(firstBootstrap + added++, name, descriptor);
  }
}
