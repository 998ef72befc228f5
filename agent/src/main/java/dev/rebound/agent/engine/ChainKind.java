package dev.rebound.agent.engine;

/** Which fallback list the next model comes from (SPEC §1, §4). */
enum ChainKind {
  /** Go on along the list in use: at first the regular chain. */
  CURRENT,
  /** {@code rebound.fallback.context-models}: the request is too long for the model. */
  CONTEXT,
  /** {@code rebound.fallback.content-models}: the model refused or filtered the content. */
  CONTENT
}
