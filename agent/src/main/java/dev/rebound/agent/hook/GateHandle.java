package dev.rebound.agent.hook;

/**
 * {@code MethodHandles.publicLookup().findStatic(ClassLoader.getSystemClassLoader()
 * .loadClass("dev.rebound.agent.hook.Gate"), "around", AROUND)}, as dynamic constants over {@code
 * ConstantBootstraps.invoke} that the JVM resolves once per patched class and caches: how a class
 * whose loader cannot see Rebound (the JDK's own) reaches {@link Gate}. Made on first use, at most
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
      int lookup =
          dynamic(
              invoke,
              "publicLookup",
              "Ljava/lang/invoke/MethodHandles$Lookup;",
              pool.methodHandle(
                  ConstantPool.REF_INVOKE_STATIC,
                  "java/lang/invoke/MethodHandles",
                  "publicLookup",
                  "()Ljava/lang/invoke/MethodHandles$Lookup;"));
      index =
          dynamic(
              invoke,
              "reboundAround",
              "Ljava/lang/invoke/MethodHandle;",
              pool.methodHandle(
                  ConstantPool.REF_INVOKE_VIRTUAL,
                  "java/lang/invoke/MethodHandles$Lookup",
                  "findStatic",
                  "(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/invoke/MethodType;)"
                      + "Ljava/lang/invoke/MethodHandle;"),
              lookup,
              gate,
              pool.string("around"),
              pool.methodType(GateCode.AROUND));
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
