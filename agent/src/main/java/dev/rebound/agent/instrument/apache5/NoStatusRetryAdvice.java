package dev.rebound.agent.instrument.apache5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Rebound is the one retry loop for a managed call (SPEC §2): HttpClient 5's default strategy, which
 * retries 429 and 503 once on its own (classic and async alike), answers "no" for a response to a
 * managed attempt. Other calls keep the client's retries. Installed by both HttpClient 5 hooks;
 * applied twice, it still only says "no".
 */
public final class NoStatusRetryAdvice {
  private NoStatusRetryAdvice() {}

  /** The class whose status retries are switched off for managed attempts. */
  public static final String RETRY_STRATEGY = "org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy";

  /** Adds the hook; both HttpClient 5 families call this. */
  public static AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
    return builder
        .type(named(RETRY_STRATEGY))
        .transform(
            advice.advice(
                named("retryRequest")
                    .and(takesArguments(3))
                    .and(takesArgument(0, named("org.apache.hc.core5.http.HttpResponse")))
                    .and(takesArgument(2, named("org.apache.hc.core5.http.protocol.HttpContext"))),
                "dev.rebound.agent.instrument.apache5.NoStatusRetryAdvice"));
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(
      @Advice.Argument(2) org.apache.hc.core5.http.protocol.HttpContext context,
      @Advice.Return(readOnly = false) boolean retry) {
    if (retry && context != null && context.getAttribute(Apache5Bridge.ATTEMPT_ATTRIBUTE) != null) {
      retry = false;
    }
  }
}
