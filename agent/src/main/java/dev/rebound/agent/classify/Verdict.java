package dev.rebound.agent.classify;

import dev.rebound.api.Classification;

/**
 * What the classifier concluded about one attempt. Immutable.
 *
 * @param classification the class (SPEC §3)
 * @param errorInBody true when the error was found inside a 2xx body or a stream event
 * @param hintMillis the longest wait the server asked for, in milliseconds from now; -1 when none
 * @param provider the upstream provider a gateway named ({@code metadata.provider_name}), or null
 * @param scope for {@link Classification#GATEWAY_RATE_LIMIT}: whom the limit binds; otherwise
 *     {@link RateLimitScope#HOST}
 */
public record Verdict(
    Classification classification,
    boolean errorInBody,
    long hintMillis,
    String provider,
    RateLimitScope scope) {

  public static final long NO_HINT = -1;

  public boolean hasHint() {
    return hintMillis >= 0;
  }

  public static Verdict success() {
    return new Verdict(Classification.SUCCESS, false, NO_HINT, null, RateLimitScope.HOST);
  }

  public static Verdict of(Classification classification) {
    return new Verdict(classification, false, NO_HINT, null, RateLimitScope.HOST);
  }
}
