package dev.rebound.bench;

import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * An agent that does nothing, with the capabilities Rebound asks for: what {@code -javaagent} costs
 * before any agent code runs (the JVM then builds its module graph itself, without the one its
 * class-data sharing archive holds, and loads the agent's jar), so that the start-up part can tell
 * the JVM's share of an agent's cost from Rebound's. With {@code transformer} as its argument it
 * registers a transformer that changes nothing: what any agent that patches classes as they load
 * costs, since the JVM then hands every class it loads to the transformer.
 */
public final class EmptyAgent {
  private EmptyAgent() {}

  public static void premain(String args, Instrumentation instrumentation) {
    if ("transformer".equals(args)) {
      instrumentation.addTransformer(new NoChange(), true);
    }
  }

  /** Returns null for every class: the class is defined as it was read. */
  private static final class NoChange implements ClassFileTransformer {}

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
