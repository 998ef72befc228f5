package dev.rebound.agent.hook;

import dev.rebound.agent.bootstrap.Diagnostics;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers the one transformer for the hooks of the client families named in {@code
 * rebound.clients}, and patches those of their classes that were loaded before premain (an AOT
 * cache, another agent). Runs once, in premain; loads nothing of ASM until a hooked class shows up.
 */
public final class HookInstaller {
  private HookInstaller() {}

  /**
   * Installs the hooks of {@code clients} (null: every family); returns the names of the families
   * installed.
   */
  public static List<String> install(Instrumentation instrumentation, Set<String> clients) {
    Map<String, Map<String, Integer>> rowsByClass = new HashMap<>();
    List<String> installed = new ArrayList<>();
    List<HookRow> rows = HookTable.ROWS;
    for (int i = 0; i < rows.size(); i++) {
      HookRow row = rows.get(i);
      if ((clients != null && !clients.contains(row.client())) || !available(row)) {
        continue;
      }
      Map<String, Integer> methods = rowsByClass.get(row.internalName());
      if (methods == null) {
        methods = new HashMap<>();
        rowsByClass.put(row.internalName(), methods);
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
    instrumentation.addTransformer(new HookTransformer(rowsByClass), true);
    retransformLoaded(instrumentation, rowsByClass.keySet());
    return installed;
  }

  /** The JDK client's hook needs its module in the runtime (a jlink image may leave it out). */
  private static boolean available(HookRow row) {
    return !row.className().startsWith("jdk.internal.net.http.")
        || ModuleLayer.boot().findModule("java.net.http").isPresent();
  }

  /** Classes Rebound hooks that were loaded before premain go through the transformer now. */
  private static void retransformLoaded(
      Instrumentation instrumentation, Set<String> internalNames) {
    Set<String> hooked = new HashSet<>();
    for (String name : internalNames) {
      hooked.add(name.replace('/', '.'));
    }
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
}
