package dev.rebound.agent.instrument.jdk;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.rebound.agent.boot.JdkHttpBridge;
import dev.rebound.agent.boot.MethodOutcome;
import dev.rebound.agent.instrument.Hook;
import net.bytebuddy.agent.builder.AgentBuilder;
import java.io.IOException;
import java.security.ProtectionDomain;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.utility.JavaModule;

/**
 * The JDK {@code java.net.http.HttpClient} hooks: the bodies of {@code send} and both {@code
 * sendAsync} overloads of {@code jdk.internal.net.http.HttpClientFacade}, the class every {@code
 * HttpClient.newHttpClient()} and {@code newBuilder().build()} returns, are replaced for managed
 * calls. Rebound's attempts go to the facade's {@code impl} directly, so they never come back here;
 * OTel and Datadog instrument that {@code impl} and explicitly not the facade, so no method is
 * shared with them. The advice is inlined into a platform class and links only to the boot bridge.
 */
public final class JdkHttpClientInstrumentation implements Hook {
  static final String CLIENT = "jdk";
  private static final String FACADE = "jdk.internal.net.http.HttpClientFacade";
  private static final String REQUEST = "java.net.http.HttpRequest";
  private static final String BODY_HANDLER = "java.net.http.HttpResponse$BodyHandler";
  private static final String PUSH_HANDLER = "java.net.http.HttpResponse$PushPromiseHandler";

  /** Advice classes are named, never loaded: they link to the boot bridge, which must not be loaded early. */
  private static final String ADVICE = "dev.rebound.agent.instrument.jdk.JdkHttpClientInstrumentation$";

  @Override
  public String client() {
    return CLIENT;
  }

  @Override
  public java.util.List<String> typeNames() {
    return java.util.List.of(FACADE);
  }

  @Override
  public AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
    return builder
        .type(named(FACADE))
        .transform(new BridgeFirst())
        .transform(
            advice
                .advice(
                    named("send")
                        .and(takesArguments(2))
                        .and(takesArgument(0, named(REQUEST)))
                        .and(takesArgument(1, named(BODY_HANDLER))),
                    ADVICE + "SendAdvice")
                .advice(
                    named("sendAsync")
                        .and(takesArguments(2))
                        .and(takesArgument(0, named(REQUEST)))
                        .and(takesArgument(1, named(BODY_HANDLER))),
                    ADVICE + "SendAsyncAdvice")
                .advice(
                    named("sendAsync")
                        .and(takesArguments(3))
                        .and(takesArgument(0, named(REQUEST)))
                        .and(takesArgument(1, named(BODY_HANDLER)))
                        .and(takesArgument(2, named(PUSH_HANDLER))),
                    ADVICE + "SendAsyncPushAdvice"));
  }

  /**
   * Puts the boot bridge in place before the advice is woven in; if that fails, the exception
   * leaves the facade untransformed (Byte Buddy reports it to the installer's listener).
   */
  private static final class BridgeFirst implements AgentBuilder.Transformer {
    @Override
    public DynamicType.Builder<?> transform(
        DynamicType.Builder<?> builder,
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        ProtectionDomain domain) {
      try {
        JdkHttpClientBoot.ensureBridge();
      } catch (IOException | ReflectiveOperationException e) {
        throw new IllegalStateException("jdk bridge unavailable: " + e, e);
      }
      return builder;
    }
  }

  /** {@code send}: skipped when Rebound returns an outcome, which the exit advice hands back. */
  public static final class SendAdvice {
    private SendAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static MethodOutcome enter(
        @Advice.This Object facade,
        @Advice.FieldValue("impl") Object impl,
        @Advice.Argument(0) Object request,
        @Advice.Argument(1) Object handler) {
      return JdkHttpBridge.send(facade, impl, request, handler);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter MethodOutcome outcome,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown(readOnly = false) Throwable thrown) {
      if (outcome != null) {
        returned = outcome.value();
        thrown = outcome.error();
      }
    }
  }

  /** {@code sendAsync(request, handler)}. */
  public static final class SendAsyncAdvice {
    private SendAsyncAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static MethodOutcome enter(
        @Advice.This Object facade,
        @Advice.FieldValue("impl") Object impl,
        @Advice.Argument(0) Object request,
        @Advice.Argument(1) Object handler) {
      return JdkHttpBridge.sendAsync(facade, impl, request, handler, null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter MethodOutcome outcome,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown(readOnly = false) Throwable thrown) {
      if (outcome != null) {
        returned = outcome.value();
        thrown = outcome.error();
      }
    }
  }

  /** {@code sendAsync(request, handler, pushPromiseHandler)}. */
  public static final class SendAsyncPushAdvice {
    private SendAsyncPushAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static MethodOutcome enter(
        @Advice.This Object facade,
        @Advice.FieldValue("impl") Object impl,
        @Advice.Argument(0) Object request,
        @Advice.Argument(1) Object handler,
        @Advice.Argument(2) Object pushHandler) {
      return JdkHttpBridge.sendAsync(facade, impl, request, handler, pushHandler);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter MethodOutcome outcome,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown(readOnly = false) Throwable thrown) {
      if (outcome != null) {
        returned = outcome.value();
        thrown = outcome.error();
      }
    }
  }
}
