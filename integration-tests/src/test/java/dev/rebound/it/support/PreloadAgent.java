package dev.rebound.it.support;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Another agent, attached before Rebound, that loads the classes named in its argument (comma
 * separated) without initializing them: what an agent or an AOT cache does to classes Rebound hooks
 * before Rebound's premain runs.
 */
public final class PreloadAgent {
  private PreloadAgent() {}

  public static void premain(String classes, Instrumentation instrumentation) throws Exception {
    for (String name : classes.split(",")) {
      Class.forName(name, false, ClassLoader.getSystemClassLoader());
    }
  }

  /** A jar holding only a manifest naming this class, which the test class path supplies. */
  public static Path jar(Path dir) throws IOException {
    Path jar = dir.resolve("preload-agent.jar");
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Premain-Class", PreloadAgent.class.getName());
    // The manifest is written by the constructor; closing finishes the archive.
    new JarOutputStream(Files.newOutputStream(jar), manifest).close();
    return jar;
  }
}
