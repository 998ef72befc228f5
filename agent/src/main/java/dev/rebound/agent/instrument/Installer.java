package dev.rebound.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.instrument.apache4.Apache4Instrumentation;
import dev.rebound.agent.instrument.apache5.Apache5Instrumentation;
import dev.rebound.agent.instrument.apache5async.Apache5AsyncInstrumentation;
import dev.rebound.agent.instrument.okhttp.OkHttpInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the Byte Buddy hooks of the client families named in {@code rebound.clients}. The one
 * list of hooks is {@link #HOOKS}; each matches exact type names only. Runs once, in premain.
 */
public final class Installer {
  /** Every hook Rebound has, by {@code rebound.clients} name. */
  static final List<Hook> HOOKS =
      List.of(
          new OkHttpInstrumentation(),
          // Apache HttpClient (issue #5)
          new Apache4Instrumentation(),
          new Apache5Instrumentation(),
          new Apache5AsyncInstrumentation());

  private Installer() {}

  /** Installs the hooks of {@code clients}; returns the names of those installed. */
  public static List<String> install(Instrumentation instrumentation, Set<String> clients) {
    List<Hook> selected = HOOKS.stream().filter(h -> clients.contains(h.client())).toList();
    if (selected.isEmpty()) {
      // Nothing to hook: do not pay for loading Byte Buddy.
      return List.of();
    }
    ClassLoader agentLoader = Installer.class.getClassLoader();
    AgentBuilder.Transformer.ForAdvice advice =
        new AgentBuilder.Transformer.ForAdvice()
            // The advice classes live in the agent's loader, not in the instrumented class's.
            .include(agentLoader)
            .withExceptionHandler(
                Diagnostics.isDebug() ? Advice.ExceptionHandler.Default.PRINTING : Advice.ExceptionHandler.Default.SUPPRESSING);
    AgentBuilder builder =
        new AgentBuilder.Default()
            // Retransformation may only change method bodies: advice does nothing else.
            .disableClassFormatChanges()
            // Clients loaded before premain (rare) are hooked too.
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            // Describe types from their bytes, never by loading classes named in signatures.
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
            // Matched by name only: a matcher that reads a type's contents would make Byte Buddy look
            // for the class file of every loaded class, which generated classes do not have.
            .ignore(nameStartsWith("dev.rebound.").or(nameStartsWith("net.bytebuddy.")))
            .with(new ErrorListener());
    List<String> installed = new ArrayList<>();
    for (Hook hook : selected) {
      builder = hook.apply(builder, advice);
      installed.add(hook.client());
    }
    builder.installOn(instrumentation);
    return installed;
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
