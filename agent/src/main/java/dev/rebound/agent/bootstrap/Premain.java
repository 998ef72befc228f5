package dev.rebound.agent.bootstrap;

import dev.rebound.agent.AgentLoader;

/**
 * Starts Rebound from inside its own class loader: {@link AgentLoader} initializes this class
 * there, and its static initializer hands premain's arguments to {@link AgentStarter}.
 */
final class Premain {
  static {
    AgentStarter.start(
        AgentLoader.pendingArgs(),
        AgentLoader.pendingInstrumentation(),
        AgentLoader.pendingStartNanos());
  }

  private Premain() {}
}
