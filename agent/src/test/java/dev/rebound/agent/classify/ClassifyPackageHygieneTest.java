package dev.rebound.agent.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** House style rules 1 and 19 for this package: no client imports, no catch of Throwable. */
class ClassifyPackageHygieneTest {

  private static final Path SOURCES = Path.of("src/main/java/dev/rebound/agent/classify");

  @Test
  void importsNoHttpClientAndNoByteBuddy() throws IOException {
    List<String> offending =
        linesMatching(
            "^import\\s+(static\\s+)?"
                + "(java\\.net\\.http|okhttp3|org\\.apache|net\\.bytebuddy)\\..*");

    assertThat(offending).isEmpty();
  }

  @Test
  void neverCatchesThrowable() throws IOException {
    assertThat(linesMatching(".*catch\\s*\\(\\s*Throwable.*")).isEmpty();
  }

  @Test
  void keepsEveryClassUnderTwoHundredLines() throws IOException {
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path file : files.collect(Collectors.toList())) {
        assertThat(Files.readAllLines(file)).as(file.toString()).hasSizeLessThanOrEqualTo(200);
      }
    }
  }

  private static List<String> linesMatching(String regex) throws IOException {
    try (Stream<Path> files = Files.list(SOURCES)) {
      return files
          .flatMap(
              file -> {
                try {
                  return Files.readAllLines(file).stream().map(line -> file + ": " + line.trim());
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .filter(line -> line.substring(line.indexOf(": ") + 2).matches(regex))
          .collect(Collectors.toList());
    }
  }
}
