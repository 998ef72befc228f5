package dev.rebound.agent.instrument.apache4;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.rebound.agent.instrument.Hook;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The Apache HttpClient 4.5 hooks: the body of {@code doExecute(HttpHost, HttpRequest,
 * HttpContext)}, which every {@code execute} overload of every client built by {@code HttpClients}
 * or {@code HttpClientBuilder} (and the deprecated {@code DefaultHttpClient} family) reaches, is
 * replaced for managed calls; {@code DefaultServiceUnavailableRetryStrategy} does not retry a
 * managed attempt. Exact names only: no hierarchy matching.
 */
public final class Apache4Instrumentation implements Hook {
  private static final String[] CLIENTS = {
    "org.apache.http.impl.client.InternalHttpClient",
    "org.apache.http.impl.client.MinimalHttpClient",
    "org.apache.http.impl.client.AbstractHttpClient"
  };

  private static final String RETRY_STRATEGY =
      "org.apache.http.impl.client.DefaultServiceUnavailableRetryStrategy";
  /** Advice classes are named, never loaded: they name Apache types. */
  private static final String ADVICE = "dev.rebound.agent.instrument.apache4.";

  @Override
  public String client() {
    return "apache4";
  }

  @Override
  public java.util.List<String> typeNames() {
    return java.util.List.of(CLIENTS[0], CLIENTS[1], CLIENTS[2], RETRY_STRATEGY);
  }

  @Override
  public AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
    return builder
        .type(namedOneOf(CLIENTS))
        .transform(
            advice.advice(
                named("doExecute")
                    .and(takesArguments(3))
                    .and(takesArgument(0, named("org.apache.http.HttpHost")))
                    .and(takesArgument(1, named("org.apache.http.HttpRequest")))
                    .and(takesArgument(2, named("org.apache.http.protocol.HttpContext"))),
                ADVICE + "Apache4Instrumentation$DoExecuteAdvice"))
        .type(named(RETRY_STRATEGY))
        .transform(
            advice.advice(
                named("retryRequest")
                    .and(takesArguments(3))
                    .and(takesArgument(0, named("org.apache.http.HttpResponse")))
                    .and(takesArgument(2, named("org.apache.http.protocol.HttpContext"))),
                ADVICE + "Apache4Instrumentation$NoStatusRetryAdvice"));
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
      return Apache4Bridge.execute(
          client,
          target,
          request,
          context,
          org.apache.http.impl.client.CloseableHttpClient.class.getClassLoader());
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

  /** Rebound is the one retry loop for a managed call (SPEC §2): no status retry of an attempt. */
  public static final class NoStatusRetryAdvice {
    private NoStatusRetryAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.Argument(2) org.apache.http.protocol.HttpContext context,
        @Advice.Return(readOnly = false) boolean retry) {
      if (retry && context != null && context.getAttribute(Apache4Bridge.ATTEMPT_ATTRIBUTE) != null) {
        retry = false;
      }
    }
  }
}
