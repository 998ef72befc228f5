package dev.rebound.agent.classify;

/** Whom a gateway rate limit binds (SPEC §4): one model, or every model on the host. */
public enum RateLimitScope {
  /** The error names the model or its quota is per model: another model may go at once. */
  MODEL,
  /** An account-wide limit: every model on the host shares it. */
  HOST
}
