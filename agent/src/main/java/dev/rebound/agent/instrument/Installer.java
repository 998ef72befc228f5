package dev.rebound.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.instrument.apache4.Apache4Instrumentation;
import dev.rebound.agent.instrument.apache5.Apache5Instrumentation;
import dev.rebound.agent.instrument.apache5async.Apache5AsyncInstrumentation;
import dev.rebound.agent.instrument.jdk.JdkHttpClientInstrumentation;
import dev.rebound.agent.instrument.okhttp.OkHttpInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the Byte Buddy hooks of the client families named in {@code rebound.clients}. The one
 * list of hooks is {@link #HOOKS}; each names the exact types it hooks. Runs once, in premain.
 */
public final class Installer {
  /** Every hook Rebound has, by {@code rebound.clients} name. */
  static final List<Hook> HOOKS =
      List.of(
          new OkHttpInstrumentation(),
          new JdkHttpClientInstrumentation(),
          new Apache4Instrumentation(),
          new Apache5Instrumentation(),
          new Apache5AsyncInstrumentation());

  private Installer() {}

  /**
   * Installs the hooks of {@code clients}; returns the names of those installed. Byte Buddy itself is
   * built on a background thread ({@link LazyTransformer}), followed by {@code warmUp}: premain
   * returns at once.
   */
  public static List<String> install(
      Instrumentation instrumentation, Set<String> clients, Runnable warmUp) {
    List<Hook> selected = HOOKS.stream().filter(h -> clients.contains(h.client())).toList();
    if (selected.isEmpty()) {
      // Nothing to hook: do not pay for loading Byte Buddy.
      return List.of();
    }
    Set<String> hooked = new HashSet<>();
    selected.forEach(h -> h.typeNames().forEach(n -> hooked.add(n.replace('.', '/'))));
    LazyTransformer lazy =
        new LazyTransformer(
            Set.copyOf(hooked),
            () -> {
              ClassFileTransformer transformer = build(selected);
              // Then the classes of a first call, so that it pays for neither.
              warmUp.run();
              return transformer;
            });
    instrumentation.addTransformer(lazy, true);
    lazy.startBuilding();
    retransformLoaded(instrumentation, hooked);
    return selected.stream().map(Hook::client).toList();
  }

  /** Classes Rebound hooks that something loaded before premain went through it (rare). */
  private static void retransformLoaded(Instrumentation instrumentation, Set<String> hooked) {
    List<Class<?>> early = new ArrayList<>();
    for (Class<?> c : instrumentation.getAllLoadedClasses()) {
      if (hooked.contains(c.getName().replace('.', '/')) && instrumentation.isModifiableClass(c)) {
        early.add(c);
      }
    }
    if (early.isEmpty()) {
      return;
    }
    try {
      instrumentation.retransformClasses(early.toArray(new Class<?>[0]));
    } catch (UnmodifiableClassException | RuntimeException e) {
      Diagnostics.info("could not hook classes loaded before the agent (left as they are): " + e);
    }
  }

  static ClassFileTransformer build(List<Hook> selected) {
    ClassLoader agentLoader = Installer.class.getClassLoader();
    AgentBuilder.Transformer.ForAdvice advice =
        new AgentBuilder.Transformer.ForAdvice()
            // The advice classes live in the agent's loader, not in the instrumented class's.
            .include(agentLoader)
            .withExceptionHandler(
                Diagnostics.isDebug()
                    ? Advice.ExceptionHandler.Default.PRINTING
                    : Advice.ExceptionHandler.Default.SUPPRESSING);
    AgentBuilder builder =
        newAgentBuilder()
            // Retransformation may only change method bodies: advice does nothing else.
            .disableClassFormatChanges()
            // Inlined advice needs no helper class injected anywhere; Byte Buddy's default
            // injection would reach for sun.misc.Unsafe, which JDK 23+ warns about on stderr.
            .with(AgentBuilder.InjectionStrategy.Disabled.INSTANCE)
            // Describe types from their bytes, never by loading classes named in signatures.
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
            // Matched by name only: a matcher that reads a type's contents would make Byte Buddy look
            // for the class file of every class it is shown.
            .ignore(nameStartsWith("dev.rebound.").or(nameStartsWith("net.bytebuddy.")))
            .with(new ErrorListener());
    for (Hook hook : selected) {
      builder = hook.apply(builder, advice);
    }
    // A raw transformer: LazyTransformer decides which classes reach it, and when.
    return builder.makeRaw();
  }

  /**
   * Byte Buddy's constructor sets up its "Nexus" (for initializers Rebound never uses), which reaches
   * for sun.misc.Unsafe: JDK 23+ would print a warning on the application's stderr. The property is
   * relocated along with Byte Buddy, so the application's own Byte Buddy never sees it.
   */
  private static AgentBuilder newAgentBuilder() {
    String key = "net.bytebuddy.nexus.disabled";
    String before = System.getProperty(key);
    System.setProperty(key, "true");
    try {
      return new AgentBuilder.Default();
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }

  /** Reports transformation errors, which Byte Buddy would otherwise swallow. */
  private static final class ErrorListener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(
        String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      Diagnostics.info("could not hook " + typeName + " (left as it is): " + error);
    }

    @Override
    public void onTransformation(
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        boolean loaded,
        DynamicType dynamicType) {
      Diagnostics.debug("hooked " + type.getName());
    }
  }
}
