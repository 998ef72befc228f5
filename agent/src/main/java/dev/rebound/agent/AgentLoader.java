package dev.rebound.agent;

import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The agent's {@code premain} ({@code -javaagent:rebound-agent.jar}), and the class loader of
 * Rebound's own classes, reading them from the agent jar, except the few that the application's
 * loaders must see too ({@link #isShared}), which come from the system class loader, where {@code
 * -javaagent} put the same jar. Its {@code premain} must never throw (the JVM would stop), touch
 * the application's logging or load an HTTP client class.
 *
 * <p>Why not the system class loader for all of them: it looks for each class in every entry of the
 * application's class path before the agent jar, and makes a URL and a code source lookup per
 * class. Loading (not initializing) the 187 classes of a first managed call took 34 to 45 ms that
 * way in a JVM warmed by one HTTP call, and 18 to 26 ms read here; with 120 more jars on the class
 * path, a first managed OkHttp call came 51 ms sooner. Thread-safe (parallel capable).
 */
public final class AgentLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private static final String REBOUND = "dev.rebound.";
  private static final String API = "dev.rebound.api.";

  /**
   * The classes both sides link to: the entry points the JVM calls, and the gate that patched
   * methods call with the interface of the handlers it calls. None names another class of Rebound
   * (but the CLI, which {@code java -jar} runs without this loader), so none is ever defined twice.
   * As few as that: the system class loader looks for each in every entry of the application's
   * class path before the agent jar. Resources, all on the system class path, come from the parent.
   */
  private static final Set<String> SHARED =
      Set.of(
          "dev.rebound.agent.ReboundAgent",
          "dev.rebound.agent.AgentLoader",
          "dev.rebound.agent.hook.Gate",
          "dev.rebound.agent.hook.HookHandler");

  /** The class whose static initializer starts Rebound inside this loader. */
  private static final String PREMAIN = "dev.rebound.agent.bootstrap.AgentStarter";

  private static String pendingArgs;
  private static Instrumentation pendingInstrumentation;
  private static long pendingStartNanos;

  private final JarFile jar;
  private final ProtectionDomain domain;

  /**
   * The jar's title, version and vendor, as the system class loader read them from its manifest for
   * this class's package: read again, the manifest would cost premain its parse.
   */
  private final Package jarPackage = AgentLoader.class.getPackage();

  private AgentLoader(JarFile jar, ProtectionDomain domain) {
    super("rebound", ClassLoader.getSystemClassLoader());
    this.jar = jar;
    this.domain = domain;
  }

  /**
   * Starts Rebound in its own loader. When the agent does not run from a jar, Rebound runs in the
   * loader that defined this class.
   */
  public static void premain(String agentArgs, Instrumentation instrumentation) {
    long startNanos = System.nanoTime();
    ClassLoader loader = AgentLoader.class.getClassLoader();
    try {
      AgentLoader own = open();
      if (own != null) {
        loader = own;
      }
      pendingArgs = agentArgs;
      pendingInstrumentation = instrumentation;
      pendingStartNanos = startNanos;
      // A static initializer runs there without reflection, whose first call costs a fresh JVM
      // milliseconds of generated classes on JDK 18 and later.
      Class.forName(PREMAIN, true, loader);
    } catch (Throwable t) {
      // Fail-open: the agent must never stop the application (SPEC §1).
      // Not through Rebound's own writer of its lines: this class is the system class loader's.
      System.err.println("rebound: disabled: could not start: " + t);
    } finally {
      pendingArgs = null;
      pendingInstrumentation = null;
    }
  }

  /** The agent argument, for {@code AgentStarter} once. */
  public static String pendingArgs() {
    return pendingArgs;
  }

  /** The instrumentation, for {@code AgentStarter} once. */
  public static Instrumentation pendingInstrumentation() {
    return pendingInstrumentation;
  }

  /**
   * When the JVM called {@code premain} ({@link System#nanoTime}), for {@code AgentStarter} once.
   */
  public static long pendingStartNanos() {
    return pendingStartNanos;
  }

  private static AgentLoader open() throws IOException, URISyntaxException {
    ProtectionDomain domain = AgentLoader.class.getProtectionDomain();
    CodeSource source = domain.getCodeSource();
    if (source == null) {
      return null;
    }
    File file = new File(source.getLocation().toURI());
    // Not verified: Rebound's jar is not signed, and the JVM has already opened it.
    return file.isFile() ? new AgentLoader(new JarFile(file, false), domain) : null;
  }

  /** Whether the system class loader defines {@code className} for both sides. */
  static boolean isShared(String className) {
    if (className.startsWith(API)) {
      return true;
    }
    int nested = className.indexOf('$');
    return SHARED.contains(nested < 0 ? className : className.substring(0, nested));
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith(REBOUND) || isShared(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = define(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  private Class<?> define(String name) throws ClassNotFoundException {
    byte[] bytes;
    try {
      bytes = classBytes(name.replace('.', '/') + ".class");
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    if (bytes == null) {
      // Not Rebound's own (an application class in a package of that name).
      return super.loadClass(name, false);
    }
    definePackageOf(name);
    return defineClass(name, bytes, 0, bytes.length, domain);
  }

  /** As the system class loader does: a package carries the jar's title and version. */
  private void definePackageOf(String className) {
    String pkg = className.substring(0, className.lastIndexOf('.'));
    if (getDefinedPackage(pkg) != null) {
      return;
    }
    try {
      definePackage(
          pkg,
          null,
          null,
          null,
          jarPackage.getImplementationTitle(),
          jarPackage.getImplementationVersion(),
          jarPackage.getImplementationVendor(),
          null);
    } catch (IllegalArgumentException definedMeanwhile) {
      // Another thread defined it first: the same package.
    }
  }

  /** The bytes of an entry of the agent jar ({@code a/b/C.class}), or null when there is none. */
  public byte[] classBytes(String resource) throws IOException {
    JarEntry entry = jar.getJarEntry(resource);
    if (entry == null) {
      return null;
    }
    try (InputStream in = jar.getInputStream(entry)) {
      long size = entry.getSize();
      if (size < 0 || size > Integer.MAX_VALUE) {
        return in.readAllBytes();
      }
      // Read straight into an array of the entry's size: readAllBytes fills a buffer of 8 or 16 KiB
      // per class and copies it, megabytes of garbage over the classes of a first managed call.
      byte[] bytes = new byte[(int) size];
      if (in.readNBytes(bytes, 0, bytes.length) != bytes.length) {
        throw new EOFException(resource);
      }
      return bytes;
    }
  }
}
