package dev.rebound.agent.hook;

import dev.rebound.agent.bootstrap.Diagnostics;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares each loaded class's name with the classes Rebound hooks and patches only those; returns
 * null for every other class, which leaves it (and its class-data sharing) untouched. A class that
 * cannot be patched is left as it was, with one {@code rebound: } line. Installed once, in premain
 * ({@link #install}), which loads nothing of the patcher, of the {@link Gate} or of its handlers:
 * the first hooked class to show up does, and serves the gate before any patched method can run.
 * Thread-safe.
 */
public final class HookTransformer implements ClassFileTransformer {
  /** Internal class name → (method name + descriptor → row index). */
  private final Map<String, Map<String, Integer>> rowsByClass;

  private final ClassLoader handlersLoader;
  private final Runnable agentErrors;
  private final boolean debug;
  private volatile boolean gateServed;

  /**
   * @param handlersLoader where the hooks' handlers are: Rebound's own class loader
   * @param agentErrors counts each failure of a handler ({@code agent_error})
   * @param debug whether to say which classes it patched ({@code rebound.log=debug}); without it, a
   *     class patched as it should be loads nothing of Rebound's stderr writer
   */
  HookTransformer(
      Map<String, Map<String, Integer>> rowsByClass,
      ClassLoader handlersLoader,
      Runnable agentErrors,
      boolean debug) {
    this.rowsByClass = rowsByClass;
    this.handlersLoader = handlersLoader;
    this.agentErrors = agentErrors;
    this.debug = debug;
  }

  /**
   * Installs the hooks of {@code clients} (null: every family); returns the names of the families
   * installed.
   *
   * @param handlersLoader where the hooks' handlers are: Rebound's own class loader
   * @param agentErrors counts each failure of a handler ({@code agent_error})
   * @param debug whether to say which classes it patched ({@code rebound.log=debug})
   */
  public static List<String> install(
      Instrumentation instrumentation,
      Set<String> clients,
      ClassLoader handlersLoader,
      Runnable agentErrors,
      boolean debug) {
    Map<String, Map<String, Integer>> rowsByClass = new HashMap<>();
    Set<String> hooked = new HashSet<>();
    List<String> installed = new ArrayList<>();
    List<HookRow> rows = HookTable.ROWS;
    for (int i = 0; i < rows.size(); i++) {
      HookRow row = rows.get(i);
      if ((clients != null && !clients.contains(row.client())) || !available(row)) {
        continue;
      }
      String internalName = row.internalName();
      Map<String, Integer> methods = rowsByClass.get(internalName);
      if (methods == null) {
        methods = new HashMap<>();
        rowsByClass.put(internalName, methods);
        hooked.add(row.className());
      }
      // putIfAbsent: a method two families share (HttpClient 5's retry strategy) is patched once.
      methods.putIfAbsent(row.method() + row.descriptor(), i);
      if (!installed.contains(row.client())) {
        installed.add(row.client());
      }
    }
    if (rowsByClass.isEmpty()) {
      return installed;
    }
    instrumentation.addTransformer(
        new HookTransformer(rowsByClass, handlersLoader, agentErrors, debug), true);
    retransformLoaded(instrumentation, hooked);
    return installed;
  }

  /** The JDK client's hook needs its module in the runtime (a jlink image may leave it out). */
  private static boolean available(HookRow row) {
    return !row.className().startsWith("jdk.internal.net.http.")
        || ModuleLayer.boot().findModule("java.net.http").isPresent();
  }

  /**
   * Classes Rebound hooks ({@code hooked}, by {@link Class#getName()}) that were loaded before
   * premain go through the transformer now.
   */
  private static void retransformLoaded(Instrumentation instrumentation, Set<String> hooked) {
    List<Class<?>> early = new ArrayList<>();
    for (Class<?> c : instrumentation.getAllLoadedClasses()) {
      // No hooked class is the boot loader's, as most loaded by now are: their names, which each
      // cost the JVM a new string, are not asked for.
      if (c.getClassLoader() != null
          && hooked.contains(c.getName())
          && instrumentation.isModifiableClass(c)) {
        early.add(c);
      }
    }
    if (early.isEmpty()) {
      return;
    }
    try {
      instrumentation.retransformClasses(early.toArray(new Class<?>[0]));
    } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
      Diagnostics.info("could not hook classes loaded before the agent (left as they are): " + e);
    }
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
      serveGate();
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
        if (!HookTable.absenceExpected(method, missed)) {
          Diagnostics.info(message);
        } else if (debug) {
          Diagnostics.debug(message);
        }
      }
      if (patched != null && debug) {
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
   * Once, before the first class is patched: until then no patched method can run, so an
   * application that never loads a hooked class never loads the gate and its handlers.
   */
  private void serveGate() {
    if (gateServed) {
      return;
    }
    synchronized (this) {
      if (!gateServed) {
        new HookHandlers(handlersLoader, agentErrors).serveGate();
        gateServed = true;
      }
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
