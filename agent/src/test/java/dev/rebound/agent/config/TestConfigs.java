package dev.rebound.agent.config;

/** Configurations for tests outside this package, read from in-memory sources only. */
public final class TestConfigs {
  private TestConfigs() {}

  /** Every key at its default. */
  public static ReboundConfig defaults() {
    return TestSources.sources().config();
  }
}
