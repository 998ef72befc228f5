package dev.rebound.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of the house style, checked on the sources: deciders know no bytecode and no client.
 */
class ArchitectureTest {
  private static final Path MAIN = Paths.get("src/main/java/dev/rebound/agent");
  private static final Set<String> PLAIN_JAVA =
      Set.of("engine", "classify", "config", "json", "metrics", "time");
  private static final List<String> FORBIDDEN =
      List.of(
          "net.bytebuddy",
          "okhttp3",
          "org.apache.hc",
          "org.apache.http",
          "java.net.http",
          "io.vertx",
          "io.netty");

  /** Fail-open boundaries: the only places allowed to catch Throwable (style rule 19). */
  private static final Set<String> FAIL_OPEN_BOUNDARIES =
      Set.of(
          "AgentLoader.java",
          "AgentStarter.java",
          "Gate.java",
          "HookTransformer.java",
          "OkHttpBridge.java",
          "ReboundInterceptor.java",
          "JdkHttpClientAdapter.java",
          "JdkAsyncCall.java",
          "BlockingCall.java",
          "ApacheHook.java",
          "Apache5AsyncAdapter.java",
          "ReactorCall.java",
          "ConnectRetries.java",
          "VertxHooks.java",
          "WatchedRequest.java",
          // Not a fail-open itself: the asynchronous driver ends a call exceptionally on any
          // failure, which its adapter then fails open on; a step that threw in a callback would
          // otherwise leave the application's future pending for ever.
          "CallEngine.java");

  @Test
  void decidingCodeImportsNoBytecodeLibraryAndNoHttpClient() throws IOException {
    for (String pkg : PLAIN_JAVA) {
      try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
        for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String source = Files.readString(file);
          for (String forbidden : FORBIDDEN) {
            assertThat(source)
                .as(file + " imports " + forbidden)
                .doesNotContain("import " + forbidden);
          }
        }
      }
    }
  }

  /**
   * What the Apache adapters share is loaded once, by the agent's loader, which sees no Apache
   * library: a type of either would fail to link there.
   */
  @Test
  void theSharedApacheCoreNamesNoApacheType() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN.resolve("instrument/apache"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        assertThat(Files.readString(file)).as(file.toString()).doesNotContain("org.apache.");
      }
    }
  }

  /** The Vert.x hooks are loaded by the agent's loader, which sees no Vert.x (nor Netty) type. */
  @Test
  void theVertxHooksNameNoVertxType() throws IOException {
    try (Stream<Path> files = Files.list(MAIN.resolve("instrument/vertx"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        assertThat(Files.readString(file))
            .as(file.toString())
            .doesNotContain("io.vertx.")
            .doesNotContain("io.netty.");
      }
    }
  }

  /** The Reactor Netty hooks live in the agent's loader, which sees no Reactor or Netty type. */
  @Test
  void theReactorNettyHooksNameNoReactorType() throws IOException {
    try (Stream<Path> files = Files.list(MAIN.resolve("instrument/reactornetty"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        assertThat(Files.readString(file))
            .as(file.toString())
            .doesNotContain("import reactor.")
            .doesNotContain("import io.netty.");
      }
    }
  }

  @Test
  void throwableIsCaughtOnlyAtFailOpenBoundaries() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (FAIL_OPEN_BOUNDARIES.contains(file.getFileName().toString())) {
          continue;
        }
        assertThat(Files.readString(file)).as(file.toString()).doesNotContain("catch (Throwable");
      }
    }
  }
}
