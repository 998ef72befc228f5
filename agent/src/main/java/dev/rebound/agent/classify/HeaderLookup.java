package dev.rebound.agent.classify;

/**
 * Response headers as the classifier reads them; each adapter supplies one over its client's type.
 */
@FunctionalInterface
public interface HeaderLookup {
  /** The first value of the header, compared without case, or null when absent. */
  String get(String name);

  HeaderLookup NONE = name -> null;
}
