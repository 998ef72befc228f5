package dev.rebound.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds an agent that does nothing, with the capabilities Rebound asks for: what {@code
 * -javaagent} costs before any agent code runs (the JVM then builds its module graph itself,
 * without the one its class-data sharing archive holds, and the system class loader opens the
 * agent's jar to load its premain class), so that the start-up part can tell the JVM's share of an
 * agent's cost from Rebound's. With {@code transformer} as its argument it registers a transformer
 * that changes nothing: what any agent that patches classes as they load costs, since the JVM then
 * hands every class it loads to the transformer.
 *
 * <p>The agent is compiled when the bench starts, into a jar of its own, under a name the probes'
 * class path does not have: a premain class found on the class path would spare the JVM the opening
 * of the agent's jar, which every real agent pays.
 */
final class EmptyAgent {
  private static final String CLASS = "rebound.bench.empty.Agent";

  private static final String SOURCE =
      """
      package rebound.bench.empty;

      public final class Agent {
        public static void premain(String args, java.lang.instrument.Instrumentation inst) {
          if ("transformer".equals(args)) {
            inst.addTransformer(new java.lang.instrument.ClassFileTransformer() {}, true);
          }
        }
      }
      """;

  private EmptyAgent() {}

  /** The agent's jar, compiled and written under {@code dir}. */
  static Path jar(Path dir) throws IOException {
    Path source = dir.resolve("empty-agent-src").resolve(CLASS.replace('.', '/') + ".java");
    Path classes = dir.resolve("empty-agent-classes");
    Files.createDirectories(source.getParent());
    Files.createDirectories(classes);
    Files.writeString(source, SOURCE, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null
        || javac.run(
                null, null, null, "--release", "17", "-d", classes.toString(), source.toString())
            != 0) {
      throw new IllegalStateException("could not compile the empty agent (is this a JDK?)");
    }
    Path jar = dir.resolve("empty-agent.jar");
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Premain-Class", CLASS);
    main.putValue("Can-Redefine-Classes", "true");
    main.putValue("Can-Retransform-Classes", "true");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        var found = Files.walk(classes)) {
      for (Path c : found.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(c));
        out.closeEntry();
      }
    }
    return jar;
  }
}
