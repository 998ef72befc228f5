package dev.rebound.agent.instrument.apache5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.rebound.agent.instrument.Hook;
import dev.rebound.agent.instrument.apache4.ReplacedCall;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The Apache HttpClient 5 classic hooks: the body of {@code doExecute(HttpHost, ClassicHttpRequest,
 * HttpContext)}, which every {@code execute} and {@code executeOpen} overload reaches, is replaced
 * for managed calls; {@code DefaultHttpRequestRetryStrategy} does not retry a managed attempt's
 * status. Exact names only: no hierarchy matching.
 */
public final class Apache5Instrumentation implements Hook {
  private static final String[] CLIENTS = {
    "org.apache.hc.client5.http.impl.classic.InternalHttpClient",
    "org.apache.hc.client5.http.impl.classic.MinimalHttpClient"
  };

  @Override
  public String client() {
    return "apache5";
  }

  @Override
  public java.util.List<String> typeNames() {
    return java.util.List.of(CLIENTS[0], CLIENTS[1], NoStatusRetryAdvice.RETRY_STRATEGY);
  }

  @Override
  public AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
    return NoStatusRetryAdvice.apply(
        builder
            .type(namedOneOf(CLIENTS))
            .transform(
                advice.advice(
                    named("doExecute")
                        .and(takesArguments(3))
                        .and(takesArgument(0, named("org.apache.hc.core5.http.HttpHost")))
                        .and(takesArgument(1, named("org.apache.hc.core5.http.ClassicHttpRequest")))
                        .and(takesArgument(2, named("org.apache.hc.core5.http.protocol.HttpContext"))),
                    "dev.rebound.agent.instrument.apache5.Apache5Instrumentation$DoExecuteAdvice")),
        advice);
  }

  /** Replaces the body of {@code doExecute} when Rebound manages the call. */
  public static final class DoExecuteAdvice {
    private DoExecuteAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static ReplacedCall enter(
        @Advice.This Object client,
        @Advice.Argument(0) Object target,
        @Advice.Argument(1) Object request,
        @Advice.Argument(2) Object context) {
      return Apache5Bridge.execute(
          client,
          target,
          request,
          context,
          org.apache.hc.client5.http.impl.classic.CloseableHttpClient.class.getClassLoader());
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter ReplacedCall replaced,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object response,
        @Advice.Thrown(readOnly = false) Throwable thrown) {
      if (replaced != null) {
        response = replaced.response();
        thrown = replaced.failure();
      }
    }
  }
}
