package dev.rebound.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The split between the system class loader and Rebound's own ({@link AgentLoader}): a class both
 * sides link to must link to no class of Rebound's loader, or that class would be defined twice and
 * the two copies would not be the same type.
 */
class AgentLoaderTest {
  private static final Path CLASSES = Paths.get("target/classes");
  private static final Pattern REFERENCE = Pattern.compile("dev/rebound/[A-Za-z0-9_/$]+");

  /** {@code java -jar} runs the CLI without the agent: no loader of Rebound's own then. */
  private static final Map<String, Set<String>> ALLOWED =
      Map.of("dev.rebound.agent.ReboundAgent", Set.of("dev.rebound.agent.cli.Cli"));

  @Test
  void aSharedClassLinksOnlyToSharedClasses() throws IOException {
    List<Path> shared;
    try (Stream<Path> files = Files.walk(CLASSES)) {
      shared =
          files
              .filter(p -> p.toString().endsWith(".class"))
              .filter(p -> AgentLoader.isShared(className(p)))
              .toList();
    }
    assertThat(shared)
        .extracting(AgentLoaderTest::className)
        .contains(
            "dev.rebound.agent.hook.Gate",
            "dev.rebound.agent.hook.Gate$Thrown",
            "dev.rebound.agent.hook.HookHandler");
    for (Path file : shared) {
      String name = className(file);
      Set<String> linked = new TreeSet<>();
      Matcher m =
          REFERENCE.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      while (m.find()) {
        linked.add(m.group().replace('/', '.'));
      }
      linked.removeIf(AgentLoader::isShared);
      linked.removeAll(ALLOWED.getOrDefault(name, Set.of()));
      assertThat(linked).as("classes of Rebound's loader that %s links to", name).isEmpty();
    }
  }

  @Test
  void reboundsOwnClassesAndItsLibrariesAreNotShared() {
    assertThat(AgentLoader.isShared("dev.rebound.agent.engine.CallEngine")).isFalse();
    assertThat(AgentLoader.isShared("dev.rebound.agent.hook.HookTransformer")).isFalse();
    assertThat(AgentLoader.isShared("dev.rebound.agent.hook.HookTable")).isFalse();
    assertThat(AgentLoader.isShared("dev.rebound.agent.bootstrap.Diagnostics")).isFalse();
    assertThat(AgentLoader.isShared("dev.rebound.agent.bootstrap.AgentStarter")).isFalse();
    assertThat(AgentLoader.isShared("dev.rebound.shaded.jackson.core.JsonFactory")).isFalse();
    assertThat(AgentLoader.isShared("dev.rebound.api.CallRecord")).isTrue();
    assertThat(AgentLoader.isShared("dev.rebound.agent.hook.Gate$Thrown")).isTrue();
  }

  private static String className(Path file) {
    String relative = CLASSES.relativize(file).toString();
    return relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
  }
}
