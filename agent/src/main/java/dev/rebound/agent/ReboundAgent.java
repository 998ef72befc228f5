package dev.rebound.agent;

import dev.rebound.agent.cli.Cli;
import java.lang.instrument.Instrumentation;

/**
 * The agent jar's two entry points: {@code premain} for {@code -javaagent:rebound-agent.jar} and
 * {@code main} for {@code java -jar rebound-agent.jar <command>}.
 *
 * <p>Must never: throw out of {@code premain} (the JVM would stop), touch the application's
 * logging, load an HTTP client class, or be referenced after start-up. {@code premain} hands
 * everything to {@link AgentLoader}, which starts Rebound in its own class loader.
 */
public final class ReboundAgent {
  private ReboundAgent() {}

  public static void premain(String agentArgs, Instrumentation instrumentation) {
    AgentLoader.start(agentArgs, instrumentation, System.nanoTime());
  }

  public static void main(String[] args) {
    System.exit(Cli.run(args, System.out, System.err));
  }
}
