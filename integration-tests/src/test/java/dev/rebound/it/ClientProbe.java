package dev.rebound.it;

import dev.rebound.it.support.ProbeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One client, in one mode, as {@link LlmClientScenarios} drives it: the probe application that uses
 * it (and knows nothing of Rebound), where that runs, and what the client can be asked to do. A
 * probe answers the modes {@code <what>-<sync|async>}: {@code call}, {@code get}, {@code stream},
 * {@code oneshot}, {@code known}, {@code cancel}, plus those its capabilities name. A new client
 * joins with a probe, a factory here that names its capabilities, and a one-line {@code *IT}.
 */
final class ClientProbe {
  /** What a client can do beyond a plain call, each the subject of scenarios of its own. */
  enum Capability {
    /** Server-sent events, read line by line as they arrive. */
    STREAMING,
    /** The application can cancel a call in flight (a future's cancel, a request's abort). */
    CANCEL,
    /** HTTP/2 (over TLS, by ALPN). */
    HTTP2,
    /** The probe can send a one-shot body of known length ({@code known}). */
    ONE_SHOT_OF_KNOWN_LENGTH,
    /** Such a body is read once into memory and managed (SPEC §2); without it, it goes once. */
    BUFFERS_ONE_SHOT_BODIES,
    /**
     * A one-shot body of unknown length ({@code oneshot}) is read ahead and managed (SPEC §2);
     * without it, it goes once, counted as {@code unmanaged_body}.
     */
    READS_AHEAD_UNKNOWN_LENGTH,
    /** The client retries some statuses on its own (Apache's retry strategies). */
    OWN_STATUS_RETRY,
    /** 1,000 failing calls through a pool of two connections ({@code pool}). */
    CONNECTION_POOL,
    /** Every kind of body handler ({@code handler:<name>}): the JDK client's. */
    BODY_HANDLERS,
    /** The push-promise overload ({@code push}). */
    PUSH_PROMISE,
    /** A client the application drops right after the call ({@code inline}). */
    DROPPED_CLIENT,
    /** Interrupting a blocked {@code send} ({@code interrupt-sync}). */
    INTERRUPT
  }

  /** OkHttp 3, 4 or 5: {@code Call.execute()} (sync) or {@code Call.enqueue()} (async). */
  static ClientProbe okHttp(int major, String mode) {
    return new ClientProbe("okhttp", "dev.rebound.it.probes.OkHttpProbe", mode)
        .jars("okhttp-" + version("okhttp" + major))
        .can(Capability.STREAMING, Capability.CANCEL, Capability.READS_AHEAD_UNKNOWN_LENGTH)
        .cancelledWith("java.io.IOException");
  }

  /** The JDK's own client on one JDK release: {@code send} (sync) or {@code sendAsync} (async). */
  static ClientProbe jdkClient(int feature, String mode) {
    return new ClientProbe("jdk", "dev.rebound.it.probes.JdkHttpClientProbe", mode)
        .onJdk(feature)
        .can(
            Capability.STREAMING,
            Capability.CANCEL,
            Capability.HTTP2,
            Capability.ONE_SHOT_OF_KNOWN_LENGTH,
            Capability.BUFFERS_ONE_SHOT_BODIES,
            Capability.READS_AHEAD_UNKNOWN_LENGTH,
            Capability.BODY_HANDLERS,
            Capability.PUSH_PROMISE,
            Capability.DROPPED_CLIENT,
            Capability.INTERRUPT)
        .streamReaders("stream", "stream-input")
        .cancelledWith("java.util.concurrent.CancellationException");
  }

  /** Apache HttpClient 4.5: the blocking {@code execute}, every overload. */
  static ClientProbe apache4() {
    return apacheBlocking("apache4", "Apache4Probe", "httpclient-" + version("httpclient4"));
  }

  /** Apache HttpClient 5 classic: the blocking {@code execute} and {@code executeOpen}. */
  static ClientProbe apache5Classic() {
    return apacheBlocking("apache5", "Apache5Probe", "httpclient5-" + version("httpclient5"));
  }

  private static ClientProbe apacheBlocking(String client, String probe, String jars) {
    return new ClientProbe(client, "dev.rebound.it.probes." + probe, "sync")
        .jars(jars)
        .can(Capability.STREAMING, Capability.CANCEL, Capability.ONE_SHOT_OF_KNOWN_LENGTH)
        .can(Capability.BUFFERS_ONE_SHOT_BODIES, Capability.OWN_STATUS_RETRY)
        .can(Capability.READS_AHEAD_UNKNOWN_LENGTH, Capability.CONNECTION_POOL)
        .overloads(10);
  }

  /**
   * Apache HttpClient 5 async: simple requests, request producers (in-memory and one-shot entity
   * producers, of known and unknown length) and a streaming consumer.
   */
  static ClientProbe apache5Async() {
    return new ClientProbe("apache5-async", "dev.rebound.it.probes.Apache5AsyncProbe", "async")
        .jars("httpclient5-" + version("httpclient5"))
        .can(Capability.STREAMING, Capability.CANCEL, Capability.ONE_SHOT_OF_KNOWN_LENGTH)
        .can(Capability.BUFFERS_ONE_SHOT_BODIES, Capability.READS_AHEAD_UNKNOWN_LENGTH)
        .can(Capability.OWN_STATUS_RETRY, Capability.CONNECTION_POOL)
        .overloads(7);
  }

  /**
   * Reactor Netty (1.2 with Netty 4.1, or 1.3 with Netty 4.2), on the class path of {@code
   * src/it/reactor-netty-<line>}: every {@code response*} method, bodies of every shape.
   */
  static ClientProbe reactorNetty(String line) {
    return new ClientProbe("reactor-netty", "dev.rebound.it.probes.ReactorNettyProbe", "async")
        .classPathOf("reactor-netty-" + line)
        .can(Capability.STREAMING, Capability.CANCEL, Capability.ONE_SHOT_OF_KNOWN_LENGTH)
        .can(Capability.BUFFERS_ONE_SHOT_BODIES, Capability.READS_AHEAD_UNKNOWN_LENGTH)
        .can(Capability.CONNECTION_POOL, Capability.HTTP2)
        .overloads(5);
  }

  /**
   * Vert.x core's {@code HttpClient}, 5.0 or 4.5: {@code request(...)} then {@code send} or {@code
   * end}, with a buffer, a string or a stream; the probe checks every handler runs on the context
   * the call was made on.
   */
  static ClientProbe vertx(int major) {
    // 4.5 adds its callbacks: request(options, handler) and send(buffer, handler).
    return vertx("vertx" + major, major == 4 ? 6 : 5);
  }

  /**
   * Vert.x core's {@code HttpClient} 5.2, whose request writes a Vert.x {@code Buffer} and whose
   * client keeps its defaults in fields of its own: as {@link #vertx(int)}.
   */
  static ClientProbe vertx52() {
    return vertx("vertx52", 5);
  }

  private static ClientProbe vertx(String line, int overloads) {
    return new ClientProbe("vertx", "dev.rebound.it.probes.VertxProbe", "async")
        .jars("vertx-" + version(line))
        .can(Capability.STREAMING, Capability.CANCEL, Capability.ONE_SHOT_OF_KNOWN_LENGTH)
        .can(Capability.BUFFERS_ONE_SHOT_BODIES, Capability.READS_AHEAD_UNKNOWN_LENGTH)
        .can(Capability.CONNECTION_POOL, Capability.HTTP2)
        .overloads(overloads)
        .cancelledWith("io.vertx.core.http.StreamResetException");
  }

  /**
   * Vert.x 5's {@code WebClient}, on the core {@code HttpClient}: buffers, streams and a piped
   * stream.
   */
  static ClientProbe vertxWebClient() {
    return new ClientProbe("vertx", "dev.rebound.it.probes.VertxWebClientProbe", "async")
        .jars("vertx-" + version("vertx5"))
        .can(Capability.STREAMING, Capability.ONE_SHOT_OF_KNOWN_LENGTH)
        .can(Capability.BUFFERS_ONE_SHOT_BODIES, Capability.READS_AHEAD_UNKNOWN_LENGTH);
  }

  /**
   * The RESTEasy Reactive (Quarkus REST) client through the JAX-RS client API, on Vert.x 4.5: a
   * byte array entity, an {@code InputStream} one (streamed to Vert.x), and a streamed download
   * read as an {@code InputStream}.
   */
  static ClientProbe restClientReactive() {
    return new ClientProbe("vertx", "dev.rebound.it.probes.RestClientReactiveProbe", "async")
        .jars("resteasy-reactive-client-" + version("resteasy-reactive"))
        .can(Capability.STREAMING)
        .can(Capability.ONE_SHOT_OF_KNOWN_LENGTH, Capability.BUFFERS_ONE_SHOT_BODIES)
        .can(Capability.READS_AHEAD_UNKNOWN_LENGTH);
  }

  /** A client version the build passes in ({@code -Drebound.<name>.version}). */
  private static String version(String name) {
    return System.getProperty("rebound." + name + ".version");
  }

  final String client;
  final String mainClass;
  final String mode;
  private String clientFolder;
  private Path classPathFile;
  private int jdk;
  private final Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
  private int overloads;
  private List<String> streamReaders = List.of("stream");
  private String cancelError = "";

  /**
   * @param client the client's name in the metrics records
   * @param mainClass the probe application
   * @param mode {@code sync} or {@code async}
   */
  ClientProbe(String client, String mainClass, String mode) {
    this.client = client;
    this.mainClass = mainClass;
    this.mode = mode;
  }

  /** The client's jars: the folder under target/clients (else the JDK's own client). */
  ClientProbe jars(String folder) {
    clientFolder = folder;
    return this;
  }

  /** The class path an invoker project of {@code src/it} resolved (its target/classpath.txt). */
  ClientProbe classPathOf(String project) {
    classPathFile =
        Paths.get(System.getProperty("rebound.reactor-netty.dir"), project, "target/classpath.txt");
    return this;
  }

  /** Runs the probe on this JDK feature release (else on the JDK running the tests). */
  ClientProbe onJdk(int feature) {
    jdk = feature;
    return this;
  }

  ClientProbe can(Capability... more) {
    capabilities.addAll(List.of(more));
    return this;
  }

  /** How many entry points the probe's {@code overloads} mode calls (none when 0). */
  ClientProbe overloads(int count) {
    overloads = count;
    return this;
  }

  /** The modes that read a stream, each another way to read it (default {@code stream}). */
  ClientProbe streamReaders(String... whats) {
    streamReaders = List.of(whats);
    return this;
  }

  /** The exception a cancelled call ends with (by default any). */
  ClientProbe cancelledWith(String exceptionClass) {
    cancelError = exceptionClass;
    return this;
  }

  boolean has(Capability capability) {
    return capabilities.contains(capability);
  }

  int jdk() {
    return jdk;
  }

  int overloads() {
    return overloads;
  }

  List<String> streamReaders() {
    return streamReaders;
  }

  String cancelError() {
    return cancelError;
  }

  List<Path> classPath() throws IOException {
    if (classPathFile != null) {
      List<Path> cp = new java.util.ArrayList<>();
      cp.add(Paths.get("target/test-classes").toAbsolutePath());
      for (String jar : Files.readString(classPathFile).strip().split(java.io.File.pathSeparator)) {
        cp.add(Paths.get(jar));
      }
      return cp;
    }
    return clientFolder == null
        ? List.of(Paths.get("target/test-classes").toAbsolutePath())
        : ProbeProcess.clientClassPath(clientFolder);
  }

  @Override
  public String toString() {
    return client + " " + mode;
  }
}
