package dev.rebound.agent.instrument.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.rebound.agent.instrument.Hook;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * The OkHttp hooks (3.x, 4.x, 5.x): the {@code OkHttpClient(Builder)} constructor, which every way of
 * building a client reaches, gets Rebound's application interceptor; {@code RealCall.enqueue} hands
 * managed asynchronous calls to Rebound, so that their waits never hold a dispatcher thread; {@code
 * RealCall.cancel} stops them. Exact names only: no hierarchy matching. The advice classes are named
 * by string, never loaded: they name OkHttp types, and loading them on Rebound's start-up thread
 * could wait on a class the application thread is loading.
 */
public final class OkHttpInstrumentation implements Hook {
  /** {@code okhttp3.RealCall} before 4.4, {@code okhttp3.internal.connection.RealCall} since. */
  private static final String[] REAL_CALLS = {
    "okhttp3.RealCall", "okhttp3.internal.connection.RealCall"
  };

  private static final String CLIENT = "okhttp3.OkHttpClient";
  private static final String ADVICE = "dev.rebound.agent.instrument.okhttp.OkHttpInstrumentation$";

  @Override
  public String client() {
    return "okhttp";
  }

  @Override
  public java.util.List<String> typeNames() {
    return java.util.List.of(CLIENT, REAL_CALLS[0], REAL_CALLS[1]);
  }

  @Override
  public AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
    return builder
        .type(named(CLIENT))
        .transform(
            advice.advice(
                isConstructor()
                    .and(takesArguments(1))
                    .and(takesArgument(0, named("okhttp3.OkHttpClient$Builder"))),
                ADVICE + "BuilderAdvice"))
        .type(namedOneOf(REAL_CALLS))
        .transform(
            advice
                .advice(
                    named("enqueue").and(takesArguments(1)).and(takesArgument(0, named("okhttp3.Callback"))),
                    ADVICE + "EnqueueAdvice")
                .advice(named("cancel").and(takesArguments(0)), ADVICE + "CancelAdvice"));
  }

  /** Enter-advice: the builder holds every user interceptor by now, so Rebound's is the innermost. */
  public static final class BuilderAdvice {
    private BuilderAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) okhttp3.OkHttpClient.Builder builder) {
      OkHttpBridge.addInterceptor(builder.interceptors(), okhttp3.OkHttpClient.class.getClassLoader());
    }
  }

  /** Skips the original {@code enqueue} when Rebound took the call over. */
  public static final class EnqueueAdvice {
    private EnqueueAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static boolean enter(
        @Advice.This Object call,
        @Advice.FieldValue("client") Object client,
        @Advice.FieldValue("originalRequest") Object request,
        @Advice.Argument(0) Object callback) {
      return OkHttpBridge.enqueue(call, client, request, callback);
    }
  }

  public static final class CancelAdvice {
    private CancelAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object call) {
      OkHttpBridge.cancel(call);
    }
  }
}
