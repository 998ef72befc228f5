package dev.rebound.agent.shared;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for a test, on a free port, without persistence. Where the binary is
 * absent (it is installed by {@code .ci/run}), the test is skipped with the reason printed, never
 * passed. Not thread-safe.
 */
final class RedisServerProcess implements AutoCloseable {
  private final int port;
  private final String[] extra;
  private Process process;

  private RedisServerProcess(int port, String... extra) {
    this.port = port;
    this.extra = extra;
  }

  /** One on {@code port}, not started yet. */
  static RedisServerProcess onPort(int port, String... extra) {
    return new RedisServerProcess(port, extra);
  }

  /** Starts one, or skips the test when there is no {@code redis-server} on the PATH. */
  static RedisServerProcess start(String... extra) throws IOException {
    RedisServerProcess redis = new RedisServerProcess(freePort(), extra);
    redis.start();
    return redis;
  }

  static String binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, "redis-server");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    String reason = "redis-server is not installed (.ci/run installs it): skipping";
    System.out.println(reason);
    assumeTrue(false, reason);
    return null;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  /** (Re)starts the server on its port and waits until it accepts connections. */
  void start() throws IOException {
    List<String> command = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port)));
    command.addAll(List.of("--save", "", "--appendonly", "no", "--bind", "127.0.0.1"));
    command.addAll(List.of(extra));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try {
        new Socket("127.0.0.1", port).close();
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    }
    throw new IOException("redis-server did not start on port " + port);
  }

  /**
   * Stops ({@code STOP}) or continues ({@code CONT}) the server: a Redis that hangs, then recovers.
   */
  void signal(String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
  }

  /** Kills the server, as a crash or a restart would. */
  void stop() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      process = null;
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
