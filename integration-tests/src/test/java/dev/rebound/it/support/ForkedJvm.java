package dev.rebound.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts a separate JVM, optionally with the built agent, and collects what it printed. */
public final class ForkedJvm {
  /** What a finished JVM left behind. */
  public record Result(int exitCode, String stdout, String stderr) {}

  private final List<String> jvmArgs = new ArrayList<>();
  private final List<String> programArgs = new ArrayList<>();
  private Path javaHome = Paths.get(System.getProperty("java.home"));
  private Path workDir;
  private Path stdin;

  public static Path agentJar() {
    Path jar =
        Paths.get(System.getProperty("rebound.agent.jar", "../agent/target/rebound-agent.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("the agent jar is not built: " + jar.toAbsolutePath());
    }
    return jar.toAbsolutePath();
  }

  public ForkedJvm withAgent(String agentArgs) {
    jvmArgs.add("-javaagent:" + agentJar() + (agentArgs == null ? "" : "=" + agentArgs));
    return this;
  }

  public ForkedJvm jvmArg(String arg) {
    jvmArgs.add(arg);
    return this;
  }

  public ForkedJvm args(String... args) {
    programArgs.addAll(List.of(args));
    return this;
  }

  public ForkedJvm javaHome(Path home) {
    javaHome = home;
    return this;
  }

  /** The file the JVM reads as its standard input. */
  public ForkedJvm stdin(Path file) {
    stdin = file;
    return this;
  }

  public ForkedJvm workDir(Path dir) {
    workDir = dir;
    return this;
  }

  public Result run(Map<String, String> env) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.addAll(jvmArgs);
    command.addAll(programArgs);
    ProcessBuilder pb = new ProcessBuilder(command);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    pb.environment().keySet().removeIf(k -> k.startsWith("REBOUND_"));
    pb.environment().putAll(env);
    Path out = Files.createTempFile("forked-out", ".txt");
    Path err = Files.createTempFile("forked-err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
    Process process = pb.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      String threads = threadDump(process.pid());
      process.destroyForcibly();
      throw new IllegalStateException(
          "forked JVM did not finish in 120 s: "
              + command
              + "\nstdout:\n"
              + Files.readString(out)
              + "\nthreads:\n"
              + threads);
    }
    Result result =
        new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return result;
  }

  /** What every thread of a hung JVM was doing, so that a hang can be diagnosed from the report. */
  private String threadDump(long pid) {
    try {
      Process jstack =
          new ProcessBuilder(
                  javaHome.resolve("bin").resolve("jstack").toString(), Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      String dump = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jstack.waitFor(30, TimeUnit.SECONDS);
      return dump;
    } catch (IOException | InterruptedException e) {
      return "no thread dump: " + e;
    }
  }

  public Result run() throws IOException, InterruptedException {
    return run(Map.of());
  }
}
