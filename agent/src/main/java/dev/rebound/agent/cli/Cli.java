package dev.rebound.agent.cli;

import dev.rebound.agent.bootstrap.Version;
import java.io.PrintStream;

/**
 * The command line of the agent jar (SPEC §7): {@code demo}, {@code report}, {@code version},
 * {@code --help}. Returns the process exit status. Confined to the calling thread.
 */
public final class Cli {
  static final int USAGE_ERROR = 2;

  private static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar rebound-agent.jar <command>",
          "",
          "commands:",
          "  demo            run a fault-injecting LLM server and a client, without and with Rebound",
          "  report <log>    summarise a Rebound metrics log (rebound-metrics.jsonl)",
          "  version         print Rebound's version",
          "  --help          print this help",
          "",
          "As an agent: java -javaagent:rebound-agent.jar -jar app.jar (see README.md)");

  private Cli() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    String command = args.length == 0 ? "--help" : args[0];
    switch (command) {
      case "--help":
      case "-h":
      case "help":
        out.println(USAGE);
        return 0;
      case "version":
      case "--version":
        out.println("rebound " + Version.get());
        return 0;
      case "demo":
        return DemoCommand.run(out, err);
      case "report":
        return ReportCommand.run(java.util.List.of(args).subList(1, args.length), out, err);
      default:
        err.println("rebound: unknown command '" + command + "'");
        err.println(USAGE);
        return USAGE_ERROR;
    }
  }
}
