package dev.rebound.it.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * A second agent for tests: makes one of Rebound's own methods throw, the way a bug inside Rebound
 * would, so that a test sees what the application gets when Rebound fails open. Its argument names
 * the method ({@code class#method}). It uses the application's Byte Buddy from the class path.
 */
public final class FaultAgent {
  private FaultAgent() {}

  public static void premain(String args, Instrumentation inst) {
    int hash = args.indexOf('#');
    new AgentBuilder.Default()
        .type(ElementMatchers.named(args.substring(0, hash)))
        .transform(
            (builder, type, loader, module, domain) ->
                builder.visit(
                    Advice.to(Throwing.class).on(ElementMatchers.named(args.substring(hash + 1)))))
        .installOn(inst);
  }

  /** Inlined at the start of the method. */
  public static final class Throwing {
    private Throwing() {}

    @Advice.OnMethodEnter
    static void enter() {
      if (!Boolean.getBoolean("fault.off")) {
        throw new IllegalStateException("a fault injected into Rebound by the test");
      }
    }
  }

  /** This agent as a jar of its own, for {@code -javaagent:}. */
  public static Path jar() throws IOException {
    Path jar = Files.createTempFile("fault-agent", ".jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest
        .getMainAttributes()
        .put(new Attributes.Name("Premain-Class"), FaultAgent.class.getName());
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      for (Class<?> c : new Class<?>[] {FaultAgent.class, Throwing.class}) {
        String name = c.getName().replace('.', '/') + ".class";
        out.putNextEntry(new JarEntry(name));
        try (InputStream in = FaultAgent.class.getClassLoader().getResourceAsStream(name)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return jar;
  }

  /** Where the Byte Buddy this agent needs is: it goes on the application's class path. */
  public static Path byteBuddy() throws Exception {
    return Path.of(AgentBuilder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
