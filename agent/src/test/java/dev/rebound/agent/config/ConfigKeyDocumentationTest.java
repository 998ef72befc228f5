package dev.rebound.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Holds {@link ConfigKey} to the configuration tables of the README and of SPEC §1, in both
 * directions, so that no key goes undocumented and no documented key goes unimplemented.
 */
class ConfigKeyDocumentationTest {

  private static final String README_HEADING = "## Configuration";
  private static final String SPEC_HEADING = "## 1. Start and configure";

  /**
   * Defaults SPEC §1 gives for issues not yet done, with SPEC's value; the test fails once the code
   * has one, so its entry goes with its issue. Empty since #14 and #15 landed.
   */
  private static final Map<String, String> DEFAULTS_NOT_YET_IMPLEMENTED = Map.of();

  @Test
  void readmeTableIsConfigKeyWrittenOut() throws IOException {
    // Never skipped: the README is part of this repository (the pom passes its path).
    Path readme = Path.of(System.getProperty("test.readme", "../README.md"));
    assertThat(readme).as("README with a %s section", README_HEADING).exists();

    Map<String, List<String>> table = table(read(readme), README_HEADING);

    assertThat(table.keySet())
        .as("keys of the README table")
        .containsExactlyInAnyOrderElementsOf(keys());
    String expected = expectedTable();
    assertThat(markdown(table)).as("README table; expected:%n%s", expected).isEqualTo(expected);
  }

  @Test
  void specTableListsEveryConfigKeyWithItsDefault() throws IOException {
    // Skipped only where ../shared does not exist, as in a user's clone of this repository.
    Path spec = Path.of(System.getProperty("test.spec", "../../shared/SPEC.md"));
    assumeTrue(Files.exists(spec), "no SPEC at " + spec);
    String text = read(spec);

    Map<String, List<String>> table = table(text, SPEC_HEADING);

    // rebound.config.file is described in SPEC §1's prose, not in its table.
    List<String> tabled = new ArrayList<>(keys());
    tabled.remove(ConfigKey.CONFIG_FILE.key());
    assertThat(text).contains("`" + ConfigKey.CONFIG_FILE.key() + "`");
    // Every key of SPEC §1 is implemented (the last ones by #16, Redis).
    assertThat(new ArrayList<>(table.keySet()))
        .as("keys of the SPEC table")
        .containsExactlyElementsOf(tabled);
    for (ConfigKey key : ConfigKey.values()) {
      if (key == ConfigKey.CONFIG_FILE) {
        continue;
      }
      String specDefault = table.get(key.key()).get(0);
      String pending = DEFAULTS_NOT_YET_IMPLEMENTED.get(key.key());
      if (pending == null) {
        assertThat(specDefault).as(key.key()).isEqualTo(key.defaultDoc());
      } else {
        assertThat(specDefault)
            .as("SPEC default of %s, not yet implemented", key.key())
            .isEqualTo(pending);
        assertThat(key.defaultDoc())
            .as("%s implemented: remove it from the pending defaults", key.key())
            .isNotEqualTo(pending);
      }
    }
  }

  private static List<String> keys() {
    return Arrays.stream(ConfigKey.values()).map(ConfigKey::key).collect(Collectors.toList());
  }

  /** key → [default, meaning] of the table rows under {@code heading}, up to the next heading. */
  private static Map<String, List<String>> table(String markdown, String heading) {
    List<String> lines = markdown.lines().collect(Collectors.toList());
    int start = lines.indexOf(heading);
    assertThat(start).as("heading %s", heading).isNotNegative();
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (line.startsWith("| `rebound.")) {
        String[] cells = line.split("\\|", -1);
        assertThat(cells).as("row %s", line).hasSize(5);
        String key = cells[1].strip().replace("`", "");
        rows.put(key, List.of(cells[2].strip(), cells[3].strip()));
      }
    }
    return rows;
  }

  private static String expectedTable() {
    return Arrays.stream(ConfigKey.values())
        .map(k -> row(k.key(), k.defaultDoc(), k.doc()))
        .collect(Collectors.joining());
  }

  private static String markdown(Map<String, List<String>> table) {
    StringBuilder out = new StringBuilder();
    table.forEach((key, cells) -> out.append(row(key, cells.get(0), cells.get(1))));
    return out.toString();
  }

  private static String row(String key, String defaultDoc, String doc) {
    return "| `" + key + "` | " + defaultDoc + " | " + doc + " |\n";
  }

  private static String read(Path path) throws IOException {
    return Files.readString(path, StandardCharsets.UTF_8);
  }
}
