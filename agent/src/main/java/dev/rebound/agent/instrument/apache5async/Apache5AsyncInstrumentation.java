package dev.rebound.agent.instrument.apache5async;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.rebound.agent.instrument.Hook;
import dev.rebound.agent.instrument.apache5.NoStatusRetryAdvice;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The Apache HttpClient 5 async hooks: the body of the six-argument {@code doExecute}, which every
 * {@code execute} overload of {@code CloseableHttpAsyncClient} reaches (HTTP/1.1 and HTTP/2, the
 * internal and the minimal clients), is replaced for managed calls; {@code
 * DefaultHttpRequestRetryStrategy} does not retry a managed attempt's status. Exact names only.
 */
public final class Apache5AsyncInstrumentation implements Hook {
  private static final String[] CLIENTS = {
    "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient",
    "org.apache.hc.client5.http.impl.async.AbstractMinimalHttpAsyncClientBase"
  };

  @Override
  public String client() {
    return "apache5-async";
  }

  @Override
  public java.util.List<String> typeNames() {
    return java.util.List.of(
        CLIENTS[0], CLIENTS[1], dev.rebound.agent.instrument.apache5.NoStatusRetryAdvice.RETRY_STRATEGY);
  }

  @Override
  public AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
    return NoStatusRetryAdvice.apply(
        builder
            .type(namedOneOf(CLIENTS))
            .transform(
                advice.advice(
                    named("doExecute")
                        .and(takesArguments(6))
                        .and(takesArgument(0, named("org.apache.hc.core5.http.HttpHost")))
                        .and(takesArgument(1, named("org.apache.hc.core5.http.nio.AsyncRequestProducer")))
                        .and(takesArgument(2, named("org.apache.hc.core5.http.nio.AsyncResponseConsumer")))
                        .and(takesArgument(3, named("org.apache.hc.core5.http.nio.HandlerFactory")))
                        .and(takesArgument(4, named("org.apache.hc.core5.http.protocol.HttpContext")))
                        .and(takesArgument(5, named("org.apache.hc.core5.concurrent.FutureCallback"))),
                    "dev.rebound.agent.instrument.apache5async.Apache5AsyncInstrumentation$DoExecuteAdvice")),
        advice);
  }

  /** Replaces the body of {@code doExecute} when Rebound manages the call. */
  public static final class DoExecuteAdvice {
    private DoExecuteAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static Object enter(
        @Advice.This Object client,
        @Advice.Argument(0) Object target,
        @Advice.Argument(1) Object requestProducer,
        @Advice.Argument(2) Object responseConsumer,
        @Advice.Argument(3) Object pushHandlerFactory,
        @Advice.Argument(4) Object context,
        @Advice.Argument(5) Object callback) {
      return Apache5AsyncBridge.execute(
          client,
          target,
          requestProducer,
          responseConsumer,
          pushHandlerFactory,
          context,
          callback,
          org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient.class.getClassLoader());
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object future,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
      if (future != null) {
        returned = future;
      }
    }
  }
}
