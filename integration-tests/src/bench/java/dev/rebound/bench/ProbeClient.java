package dev.rebound.bench;

/**
 * One HTTP client as an application uses it: a fresh request per call, the whole response body
 * read. Implementations are loaded by name inside the measured JVM, so a JVM holds only the classes
 * of the client it measures.
 */
interface ProbeClient extends AutoCloseable {
  /** POSTs {@code json} and returns the status after reading the whole body. */
  int post(String json) throws Exception;

  /** Narrower than AutoCloseable's, so try-with-resources need not handle InterruptedException. */
  @Override
  void close() throws java.io.IOException;

  static ProbeClient create(String name, String url) throws ReflectiveOperationException {
    String cls =
        switch (name) {
          case "okhttp" -> "dev.rebound.bench.OkHttpProbeClient";
          case "jdk" -> "dev.rebound.bench.JdkProbeClient";
          case "apache5" -> "dev.rebound.bench.Apache5ProbeClient";
          case "reactor-netty" -> "dev.rebound.bench.ReactorNettyProbeClient";
          case "vertx" -> "dev.rebound.bench.VertxProbeClient";
          default -> throw new IllegalArgumentException(name);
        };
    return (ProbeClient) Class.forName(cls).getConstructor(String.class).newInstance(url);
  }
}
