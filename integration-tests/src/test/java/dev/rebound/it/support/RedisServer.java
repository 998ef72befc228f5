package dev.rebound.it.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free port, without persistence, that a test stops and starts
 * again. Where the binary is absent ({@code .ci/run} installs it) the test is skipped with the
 * reason printed, never passed. Not thread-safe.
 */
public final class RedisServer implements AutoCloseable {
  private final int port;
  private final String binary;
  private Process process;

  private RedisServer(String binary, int port) {
    this.binary = binary;
    this.port = port;
  }

  /** Starts one, or skips the test when there is no {@code redis-server} on the PATH. */
  public static RedisServer start() throws IOException {
    RedisServer redis = new RedisServer(binary(), freePort());
    redis.restart();
    return redis;
  }

  private static String binary() {
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

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server (again) on its port and waits until it answers. */
  public void restart() throws IOException {
    List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(port)));
    command.addAll(List.of("--save", "", "--appendonly", "no", "--bind", "127.0.0.1"));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        command("PING");
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IOException("redis-server did not start on port " + port, notYet);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    }
  }

  /** Kills the server, as a crash would. */
  public void stop() {
    if (process != null) {
      try {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /**
   * One inline command on a fresh connection; the raw RESP reply as text, enough for a test to look
   * for a count in it.
   */
  public String command(String inline) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write((inline + "\r\nQUIT\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (reply.isEmpty()) {
        throw new IOException("no reply");
      }
      return reply.substring(0, reply.length() - "+OK\r\n".length());
    }
  }

  @Override
  public void close() {
    stop();
  }
}
