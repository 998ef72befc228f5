package dev.rebound.agent.config;

import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds {@link ConfigSources} from in-memory inputs, so no test touches the real environment. */
final class TestSources {
  private final Map<String, String> systemProperties = new LinkedHashMap<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final Map<String, String> files = new HashMap<>();
  private String agentArgs;

  static TestSources sources() {
    return new TestSources();
  }

  TestSources sysprop(String name, String value) {
    systemProperties.put(name, value);
    return this;
  }

  TestSources env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** A file that the injected reader returns for exactly this path; any other path is missing. */
  TestSources file(String path, String text) {
    files.put(path, text);
    return this;
  }

  TestSources agentArgs(String args) {
    agentArgs = args;
    return this;
  }

  ConfigSources build() {
    return ConfigSources.of(
        systemProperties,
        environment,
        agentArgs,
        path -> {
          String text = files.get(path);
          if (text == null) {
            throw new NoSuchFileException(path);
          }
          return text;
        });
  }

  ConfigResult parse() {
    return ConfigParser.parse(build());
  }

  ReboundConfig config() {
    ConfigResult result = parse();
    if (result.disabled()) {
      throw new AssertionError("expected a configuration, got " + result.lines());
    }
    return result.config();
  }
}
