package dev.rebound.agent.hook;

import dev.rebound.agent.bootstrap.Diagnostics;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares each loaded class's name with the classes Rebound hooks and patches only those; returns
 * null for every other class, which leaves it (and its class-data sharing) untouched. A class that
 * cannot be patched is left as it was, with one {@code rebound: } line. Thread-safe (immutable).
 */
final class HookTransformer implements ClassFileTransformer {
  /** Internal class name → (method name + descriptor → row index). */
  private final Map<String, Map<String, Integer>> rowsByClass;

  HookTransformer(Map<String, Map<String, Integer>> rowsByClass) {
    this.rowsByClass = rowsByClass;
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
      // A loop, not a lambda: this runs while the application starts (see the agent pom's
      // stringConcat note).
      for (int i = 0; i < missed.size(); i++) {
        missed.set(i, name + "." + missed.get(i));
      }
      for (String method : missed) {
        String message = "could not hook " + method + ": not in this version (left as it is)";
        if (HookTable.absenceExpected(method, missed)) {
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
