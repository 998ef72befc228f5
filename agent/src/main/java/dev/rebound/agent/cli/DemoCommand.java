package dev.rebound.agent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code demo} (SPEC §7): starts {@link FaultServer}, runs {@link DemoClient} in a JVM of its own
 * without and then with the agent, and prints both side by side. Needs nothing but the jar.
 * Confined to the calling thread.
 */
final class DemoCommand {
  static final int CALLS = 40;

  /** Shorter than the default backoff base, so that the demo ends quickly; the flag is shown. */
  static final String BASE_DELAY = "200ms";

  private DemoCommand() {}

  static int run(PrintStream out, PrintStream err) {
    Terminal t = Terminal.detect();
    try (FaultServer server = new FaultServer()) {
      Path jar = agentJar();
      Path dir = Files.createTempDirectory("rebound-demo");
      Path log = dir.resolve("rebound-metrics.jsonl");
      out.println(
          t.bold("Rebound demo")
              + ": "
              + CALLS
              + " chat calls from an unmodified java.net.http client");
      out.println(
          "to a local LLM server that fails like OpenRouter does: gateway 429s with retry-after,");
      out.println(
          "upstream 429s (\"Provider returned error\"), HTML 502s, 503s, and a model that is gone.");
      out.println();
      DemoRun without = runClient(out, t, server, jar, List.of(), "without Rebound");
      List<String> agent =
          List.of(
              "-javaagent:" + jar,
              "-Drebound.hosts=" + server.hostAndPort(),
              "-Drebound.fallback.models=" + FaultServer.BACKUP,
              "-Drebound.retry.base-delay=" + BASE_DELAY,
              "-Drebound.metrics.file=" + log);
      DemoRun with = runClient(out, t, server, jar, agent, "with Rebound   ");
      out.println();
      DemoTable.print(out, t, without, with);
      out.println();
      out.println(
          "with Rebound: java -javaagent:rebound-agent.jar -Drebound.fallback.models="
              + FaultServer.BACKUP
              + " -Drebound.retry.base-delay="
              + BASE_DELAY
              + " ...");
      out.println("metrics log:  " + log);
      out.println("read it with: java -jar " + jar.getFileName() + " report " + log);
      return 0;
    } catch (IOException | URISyntaxException e) {
      err.println("rebound: demo failed: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("rebound: demo interrupted");
      return 1;
    }
  }

  private static DemoRun runClient(
      PrintStream out, Terminal t, FaultServer server, Path jar, List<String> jvmArgs, String label)
      throws IOException, InterruptedException {
    server.requestsAndReset();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(
        List.of(
            "-cp",
            jar.toString(),
            DemoClient.class.getName(),
            server.url(),
            Integer.toString(CALLS)));
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().keySet().removeIf(k -> k.startsWith("REBOUND_"));
    long start = System.nanoTime();
    Process process = pb.start();
    DemoRun run = new DemoRun();
    out.print("  " + label + " ");
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("CALL ")) {
          boolean ok = run.add(line);
          out.print(ok ? t.green(".") : t.red("x"));
          out.flush();
        }
      }
    }
    process.waitFor();
    run.requests = server.requestsAndReset();
    run.seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, " %.1f s%n", run.seconds);
    return run;
  }

  private static Path agentJar() throws URISyntaxException {
    return Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
