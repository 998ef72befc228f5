package dev.rebound.agent.hook;

import dev.rebound.agent.bootstrap.Diagnostics;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares each loaded class's name with the classes Rebound hooks and patches only those; returns
 * null for every other class, which leaves it (and its class-data sharing) untouched. A class that
 * cannot be patched is left as it was, with one {@code rebound: } line. Thread-safe (immutable).
 */
final class HookTransformer implements ClassFileTransformer {
  /** Internal class name → (method name + descriptor → row index). */
  private final Map<String, Map<String, Integer>> rowsByClass;

  /** Null in tests that patch without an agent. */
  private final Instrumentation instrumentation;

  HookTransformer(Map<String, Map<String, Integer>> rowsByClass, Instrumentation instrumentation) {
    this.rowsByClass = rowsByClass;
    this.instrumentation = instrumentation;
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    if (className == null) {
      return null;
    }
    Map<String, Integer> rows = rowsByClass.get(className);
    if (rows == null) {
      return null;
    }
    String name = className.replace('/', '.');
    long startNanos = System.nanoTime();
    try {
      List<String> missed = new ArrayList<>();
      boolean direct = seesGate(loader);
      byte[] patched = ClassPatcher.patch(classfileBuffer, rows, direct, missed);
      if (patched != null && !direct) {
        readsRebound(module);
      }
      for (String method : missed) {
        String message =
            "could not hook " + name + "." + method + ": not in this version (left as it is)";
        if (HookTable.VERSION_SPECIFIC.contains(name + "." + method)) {
          Diagnostics.debug(message);
        } else {
          Diagnostics.info(message);
        }
      }
      if (patched != null) {
        Diagnostics.debug(
            "hooked " + name + " in " + (System.nanoTime() - startNanos) / 1000 + " us");
      }
      return patched;
    } catch (Throwable t) {
      Diagnostics.info("could not hook " + name + " (left as it is): " + t);
      return null;
    }
  }

  /**
   * A patched class that cannot see Rebound reads {@link Gate#AS_FUNCTION} through its own lookup,
   * which needs its module to read Rebound's: one edge added to the module graph (nothing opened,
   * nothing exported). Without it the gate does not resolve, and the original body runs.
   */
  private void readsRebound(Module module) {
    Module rebound = Gate.class.getModule();
    if (instrumentation != null && module != null && !module.canRead(rebound)) {
      instrumentation.redefineModule(
          module, Set.of(rebound), Map.of(), Map.of(), Set.of(), Map.of());
    }
  }

  /** Whether code defined by {@code loader} links to Rebound's own {@link Gate}. */
  private static boolean seesGate(ClassLoader loader) {
    if (loader == null) {
      return false;
    }
    if (loader == Gate.class.getClassLoader()) {
      return true;
    }
    try {
      return Class.forName(Gate.class.getName(), false, loader) == Gate.class;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
