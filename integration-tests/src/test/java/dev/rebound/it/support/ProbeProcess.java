package dev.rebound.it.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A probe application running in its own JVM with the agent attached; each {@link #call} sends one
 * line to its stdin and reads its answer. Kept running across the tests of one class, since a JVM
 * start with the agent costs a second.
 */
public final class ProbeProcess implements AutoCloseable {
  /** What the probe application got for one call. */
  public record Result(
      int status,
      Map<String, String> headers,
      String body,
      List<Long> chunkMillis,
      List<String> chunks,
      String error) {

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Process process;
  private final Writer stdin;
  private final BufferedReader stdout;
  private final Path stderrFile;

  private ProbeProcess(Process process, Path stderrFile) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.stderrFile = stderrFile;
  }

  /** Starts {@code mainClass} on {@code classPath} with the agent and these {@code -D} settings. */
  public static ProbeProcess start(
      String mainClass, List<Path> classPath, Map<String, String> props, Path java)
      throws IOException {
    return start(mainClass, classPath, props, java, true, List.of());
  }

  /** The same, with more JVM options after Rebound's agent (a second agent, say). */
  public static ProbeProcess start(
      String mainClass,
      List<Path> classPath,
      Map<String, String> props,
      Path java,
      List<String> jvmArgs)
      throws IOException {
    return start(mainClass, classPath, props, java, true, jvmArgs);
  }

  /** The same application with no agent at all: the baseline Rebound must not change. */
  public static ProbeProcess startWithoutAgent(String mainClass, List<Path> classPath, Path java)
      throws IOException {
    return start(mainClass, classPath, Map.of(), java, false, List.of());
  }

  private static ProbeProcess start(
      String mainClass,
      List<Path> classPath,
      Map<String, String> props,
      Path java,
      boolean agent,
      List<String> jvmArgs)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    if (agent) {
      command.add("-javaagent:" + ForkedJvm.agentJar());
    }
    command.addAll(jvmArgs);
    props.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
    command.add(mainClass);
    Path stderr = Files.createTempFile("probe-err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("REBOUND_"));
    ProbeProcess probe = new ProbeProcess(pb.start(), stderr);
    String ready = probe.readLine();
    if (!"READY".equals(ready)) {
      throw new IllegalStateException("probe did not start: " + ready + "\n" + probe.stderr());
    }
    return probe;
  }

  public static Path javaOf(Path javaHome) {
    return javaHome.resolve("bin").resolve("java");
  }

  public static Path currentJava() {
    return javaOf(Paths.get(System.getProperty("java.home")));
  }

  /** The probe's own classes plus every jar of one client folder under target/clients. */
  public static List<Path> clientClassPath(String clientFolder) throws IOException {
    Path dir = Paths.get(System.getProperty("rebound.clients.dir")).resolve(clientFolder);
    List<Path> cp = new ArrayList<>();
    cp.add(Paths.get("target/test-classes").toAbsolutePath());
    try (Stream<Path> jars = Files.list(dir)) {
      jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(cp::add);
    }
    return cp;
  }

  /** This module's whole test class path (the SDKs and their dependencies). */
  public static List<Path> testClassPath() {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Stream.of(cp.split(File.pathSeparator)).map(Paths::get).toList();
  }

  public Result call(String mode, String url, String body, String... headers) throws IOException {
    StringBuilder h = new StringBuilder();
    for (String header : headers) {
      h.append(header).append('\n');
    }
    stdin.write(mode + " " + url + " " + encode(body) + " " + encode(h.toString().trim()) + "\n");
    stdin.flush();
    int status = 0;
    Map<String, String> responseHeaders = new LinkedHashMap<>();
    String responseBody = null;
    String error = null;
    List<Long> times = new ArrayList<>();
    List<String> chunks = new ArrayList<>();
    String line;
    while (!(line = readLine()).equals("END")) {
      if (line.startsWith("STATUS ")) {
        status = Integer.parseInt(line.substring(7));
      } else if (line.startsWith("HEADER ")) {
        int colon = line.indexOf(':');
        responseHeaders.put(
            line.substring(7, colon).toLowerCase(Locale.ROOT), line.substring(colon + 2));
      } else if (line.startsWith("BODY ")) {
        responseBody = decode(line.substring(5));
      } else if (line.startsWith("CHUNK ")) {
        String[] f = line.split(" ", 3);
        times.add(Long.parseLong(f[1]));
        chunks.add(f.length > 2 ? decode(f[2]) : "");
      } else if (line.startsWith("ERROR ")) {
        error = line.substring(6);
      }
    }
    return new Result(status, responseHeaders, responseBody, times, chunks, error);
  }

  private String readLine() throws IOException {
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return stdout.readLine();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    try {
      String l = line.get(90, TimeUnit.SECONDS);
      if (l == null) {
        throw new IllegalStateException("probe exited:\n" + stderr());
      }
      return l;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("probe hung:\n" + stderr(), e);
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new IOException(e);
    }
  }

  public String stderr() throws IOException {
    return Files.readString(stderrFile);
  }

  private static String encode(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String s) {
    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    if (!process.isAlive()) {
      return;
    }
    stdin.close();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
