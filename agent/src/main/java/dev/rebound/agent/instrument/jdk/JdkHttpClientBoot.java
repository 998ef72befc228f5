package dev.rebound.agent.instrument.jdk;

import dev.rebound.agent.bootstrap.Diagnostics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Makes the JDK client's hook possible: its advice runs inside {@code java.net.http}, a platform
 * module whose classes see only the boot class path. So the three bridge classes ({@code
 * dev.rebound.agent.boot}, {@code java.base} types only) are copied from the agent jar into a small
 * jar in premain, and when {@code HttpClientFacade} is first loaded (just before it is transformed)
 * that jar is appended to the boot class path, {@code java.net.http} is made to read the boot
 * loader's unnamed module (HotSpot adds that edge itself on transformation; other VMs may not), and
 * the bridge gets Rebound's handler. Appending late is deliberate: it switches off class data
 * sharing for application classes and makes the JVM print a warning, which an application that
 * never uses the JDK client should not pay. This class names no bridge class, so the agent's loader
 * never defines a copy of its own before the boot one exists. Thread-safe.
 */
public final class JdkHttpClientBoot {
  static final String BRIDGE = "dev.rebound.agent.boot.JdkHttpBridge";
  private static final List<String> BOOT_CLASSES =
      List.of(BRIDGE, "dev.rebound.agent.boot.JdkHttpHandler", "dev.rebound.agent.boot.MethodOutcome");

  private static Instrumentation instrumentation;
  private static Path jar;
  private static volatile boolean ready;

  private JdkHttpClientBoot() {}

  /**
   * In premain, when {@code clients} names the JDK client: writes the bridge jar. Returns the clients
   * to hook, without {@code jdk} when its hook cannot work here (one line says why).
   */
  public static Set<String> prepare(Instrumentation inst, Set<String> clients) {
    if (!clients.contains(JdkHttpClientInstrumentation.CLIENT)) {
      return clients;
    }
    if (ModuleLayer.boot().findModule("java.net.http").isEmpty()) {
      return skip(clients, "java.net.http is not in this runtime (add it with --add-modules)");
    }
    try {
      Path written = writeJar();
      synchronized (JdkHttpClientBoot.class) {
        instrumentation = inst;
        jar = written;
      }
      return clients;
    } catch (IOException e) {
      return skip(clients, e.toString());
    }
  }

  /**
   * Puts the bridge on the boot class path, once; called while {@code HttpClientFacade} is being
   * transformed. Throws when the bridge cannot be used, which leaves the facade untransformed.
   */
  static void ensureBridge() throws IOException, ReflectiveOperationException {
    if (ready) {
      return;
    }
    synchronized (JdkHttpClientBoot.class) {
      if (ready) {
        return;
      }
      instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
      Class<?> boot = Class.forName(BRIDGE, false, null);
      if (boot != Class.forName(BRIDGE, false, JdkHttpClientBoot.class.getClassLoader())) {
        throw new IllegalStateException("the bridge was loaded before it was on the boot class path");
      }
      Optional<Module> http = ModuleLayer.boot().findModule("java.net.http");
      instrumentation.redefineModule(
          http.orElseThrow(), Set.of(boot.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
      JdkHttpClientAdapter.install();
      ready = true;
    }
  }

  private static Path writeJar() throws IOException {
    Path file = Files.createTempFile("rebound-boot-", ".jar");
    file.toFile().deleteOnExit();
    ClassLoader agent = JdkHttpClientBoot.class.getClassLoader();
    try (OutputStream os = Files.newOutputStream(file);
        JarOutputStream out = new JarOutputStream(os)) {
      for (String name : BOOT_CLASSES) {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = agent.getResourceAsStream(resource)) {
          if (in == null) {
            throw new IOException("not in the agent jar: " + resource);
          }
          out.putNextEntry(new JarEntry(resource));
          in.transferTo(out);
          out.closeEntry();
        }
      }
    }
    return file;
  }

  private static Set<String> skip(Set<String> clients, String why) {
    Diagnostics.info("jdk hook skipped: " + why);
    Set<String> rest = new HashSet<>(clients);
    rest.remove(JdkHttpClientInstrumentation.CLIENT);
    return Set.copyOf(rest);
  }
}
