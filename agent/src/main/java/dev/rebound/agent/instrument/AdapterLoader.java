package dev.rebound.agent.instrument;

import dev.rebound.agent.AgentLoader;
import java.io.IOException;
import java.io.InputStream;

/**
 * Defines one client family's adapter classes next to the application's copy of that client: its
 * parent is the loader that defined the client, so the adapter links to the application's own
 * classes (OkHttp, Apache), while every other Rebound class comes from the agent's loader. One per
 * (client loader, family); the adapter bytes come from the agent jar, read by Rebound's own loader.
 * Thread-safe (parallel capable).
 */
final class AdapterLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final String adapterPackage;
  private final ClassLoader agentLoader;

  AdapterLoader(ClassLoader clientLoader, ClassLoader agentLoader, String adapterPackage) {
    super(clientLoader);
    this.agentLoader = agentLoader;
    this.adapterPackage = adapterPackage;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (name.startsWith(adapterPackage)) {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          // Child-first: the same class is on the agent's path, but there it would not see the
          // application's client classes.
          c = define(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
    if (name.startsWith("dev.rebound.")) {
      return agentLoader.loadClass(name);
    }
    return super.loadClass(name, resolve);
  }

  private Class<?> define(String name) throws ClassNotFoundException {
    String resource = name.replace('.', '/') + ".class";
    try {
      byte[] bytes = bytesOf(resource);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length, AdapterLoader.class.getProtectionDomain());
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
  }

  /** From the agent jar through Rebound's own loader; read as a resource from a directory. */
  private byte[] bytesOf(String resource) throws IOException {
    if (agentLoader instanceof AgentLoader own) {
      return own.classBytes(resource);
    }
    try (InputStream in = agentLoader.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    }
  }
}
