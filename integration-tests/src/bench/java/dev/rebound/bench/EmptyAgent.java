package dev.rebound.bench;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * An agent that does nothing, with the capabilities Rebound asks for: what {@code -javaagent} costs
 * before any agent code runs (the JVM then builds its module graph and loads the agent's jar
 * itself), so that the start-up part can tell the JVM's share of an agent's cost from Rebound's.
 */
public final class EmptyAgent {
  private EmptyAgent() {}

  public static void premain(String args, Instrumentation instrumentation) {}

  /** A jar holding only a manifest naming this class, which the application class path supplies. */
  static Path jar(Path dir) throws IOException {
    Path jar = dir.resolve("empty-agent.jar");
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Premain-Class", EmptyAgent.class.getName());
    main.putValue("Can-Redefine-Classes", "true");
    main.putValue("Can-Retransform-Classes", "true");
    // The manifest is written by the constructor; closing finishes the archive.
    new JarOutputStream(Files.newOutputStream(jar), manifest).close();
    return jar;
  }
}
