package dev.rebound.agent;

import dev.rebound.agent.cli.Cli;

/**
 * The agent jar's {@code main}, for {@code java -jar rebound-agent.jar <command>}. Its {@code
 * premain} for {@code -javaagent:rebound-agent.jar} is {@link AgentLoader}'s: a JVM started with
 * the agent then loads one class of Rebound's fewer before premain.
 */
public final class ReboundAgent {
  private ReboundAgent() {}

  public static void main(String[] args) {
    System.exit(Cli.run(args, System.out, System.err));
  }
}
