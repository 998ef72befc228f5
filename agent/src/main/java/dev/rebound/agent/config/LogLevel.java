package dev.rebound.agent.config;

/**
 * {@code rebound.log}: how much Rebound writes on stderr. Shared by Rebound's class loader and the
 * system class loader's {@link dev.rebound.agent.bootstrap.Diagnostics}.
 */
public enum LogLevel {
  OFF,
  INFO,
  DEBUG
}
