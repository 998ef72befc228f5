package dev.rebound.agent.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The places configuration comes from (SPEC §1), merged in precedence order: system properties
 * {@code rebound.*}, then environment variables {@code REBOUND_*}, then the file named by {@code
 * rebound.config.file}, then the file of the agent argument {@code config=<path>}. Every input is
 * injected, so tests never touch the real environment. Thread-safe (immutable snapshot); {@link
 * #read} reads files on the calling thread.
 */
public final class ConfigSources {
  /** Reads the text of a file; injected so that tests never touch the disk. */
  @FunctionalInterface
  interface FileReader {
    String read(String path) throws IOException;
  }

  static final String AGENT_ARGUMENT = "agent argument";
  static final String AGENT_ARGUMENT_FORM = "config=/path/to/rebound.properties";
  private static final String CONFIG_PREFIX = "config=";
  private static final String PROPERTY_PREFIX = "rebound.";
  private static final String ENV_PREFIX = "REBOUND_";

  // Sorted, so that the warnings come out in the same order on every start.
  private final Map<String, String> systemProperties;
  private final Map<String, String> environment;
  private final String agentArgs;
  private final FileReader files;

  private ConfigSources(
      Map<String, String> systemProperties,
      Map<String, String> environment,
      String agentArgs,
      FileReader files) {
    this.systemProperties = sortedWithPrefix(systemProperties, PROPERTY_PREFIX);
    this.environment = sortedWithPrefix(environment, ENV_PREFIX);
    this.agentArgs = agentArgs;
    this.files = files;
  }

  /**
   * A snapshot of this JVM's system properties and environment, with {@code agentArgs} as given to
   * {@code premain} (null when there is none). Files are read from the disk by {@link
   * ConfigParser#parse}.
   */
  public static ConfigSources fromSystem(String agentArgs) {
    Properties props = System.getProperties();
    Map<String, String> sysprops = new TreeMap<>();
    for (String name : props.stringPropertyNames()) {
      sysprops.put(name, props.getProperty(name));
    }
    return new ConfigSources(sysprops, System.getenv(), agentArgs, new DiskFiles());
  }

  /** Sources from these inputs; names outside {@code rebound.*}, {@code REBOUND_*} are ignored. */
  static ConfigSources of(
      Map<String, String> systemProperties,
      Map<String, String> environment,
      String agentArgs,
      FileReader files) {
    return new ConfigSources(systemProperties, environment, agentArgs, files);
  }

  /**
   * Every setting in effect, keyed by its key ({@code rebound.fallback.for.<model>} in full); for
   * each key the highest source wins. Unknown keys and unreadable files go to {@code problems}.
   */
  Map<String, Setting> read(Problems problems) {
    Map<String, Setting> merged = new LinkedHashMap<>();
    for (Map.Entry<String, String> property : systemProperties.entrySet()) {
      String name = property.getKey();
      if (ConfigKey.forName(name) == null) {
        problems.unknownKey(name);
      } else {
        merged.put(name, new Setting(name, property.getValue()));
      }
    }
    for (Map.Entry<String, String> variable : environment.entrySet()) {
      String name = variable.getKey();
      ConfigKey key = ConfigKey.forEnvName(name);
      if (key == null) {
        // Also REBOUND_FALLBACK_FOR_*: a model name cannot be carried by a variable name.
        problems.unknownKey(name);
      } else {
        merged.putIfAbsent(key.key(), new Setting(name, variable.getValue()));
      }
    }
    Setting configFile = merged.get(ConfigKey.CONFIG_FILE.key());
    if (configFile != null && !configFile.value().isBlank()) {
      readFile(configFile.name(), configFile.value(), merged, problems);
    }
    String argumentFile = agentArgumentFile(problems);
    if (argumentFile != null) {
      readFile(AGENT_ARGUMENT + " config", argumentFile, merged, problems);
    }
    return merged;
  }

  /** The path in the agent argument {@code config=<path>}; null when there is none or it is bad. */
  private String agentArgumentFile(Problems problems) {
    if (agentArgs == null || agentArgs.isBlank()) {
      return null;
    }
    String arg = agentArgs.strip();
    if (!arg.startsWith(CONFIG_PREFIX) || arg.length() == CONFIG_PREFIX.length()) {
      problems.badValue(AGENT_ARGUMENT, agentArgs, AGENT_ARGUMENT_FORM);
      return null;
    }
    return arg.substring(CONFIG_PREFIX.length());
  }

  private void readFile(String name, String path, Map<String, Setting> merged, Problems problems) {
    String text;
    try {
      text = files.read(path.strip());
    } catch (IOException | InvalidPathException e) {
      // SPEC §1: a file that cannot be read is a bad value of the key that names it.
      problems.badValue(name, path, ConfigKey.CONFIG_FILE.form());
      return;
    }
    List<Integer> badLines = new ArrayList<>();
    Map<String, String> entries = PropertiesText.parse(text, badLines);
    for (int line : badLines) {
      problems.badValue(name, path, "key=value on line " + line);
    }
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      String key = entry.getKey();
      if (key.equals(ConfigKey.CONFIG_FILE.key())) {
        // One level of indirection only: a file naming another file is a loop waiting to
        // happen, and the precedence of a third source would be anyone's guess.
        problems.warning(
            key
                + " in "
                + path.strip()
                + " ignored: it is read only from a"
                + " system property or "
                + ConfigKey.CONFIG_FILE.envName());
      } else if (ConfigKey.forName(key) == null) {
        problems.unknownKey(key);
      } else {
        merged.putIfAbsent(key, new Setting(key, entry.getValue()));
      }
    }
  }

  private static Map<String, String> sortedWithPrefix(Map<String, String> in, String prefix) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> entry : in.entrySet()) {
      if (entry.getKey().startsWith(prefix) && entry.getValue() != null) {
        out.put(entry.getKey(), entry.getValue());
      }
    }
    return out;
  }

  /** Reads files from the disk (a class, not a lambda: premain spins no lambda). */
  private static final class DiskFiles implements FileReader {
    @Override
    public String read(String path) throws IOException {
      return readText(path);
    }
  }

  /** UTF-8, or ISO-8859-1 (what {@link Properties} reads) for a file that is not valid UTF-8. */
  private static String readText(String path) throws IOException {
    byte[] bytes = Files.readAllBytes(Path.of(path));
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }
}
