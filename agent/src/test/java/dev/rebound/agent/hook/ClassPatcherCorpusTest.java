package dev.rebound.agent.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The patcher on real libraries, far beyond the methods Rebound hooks: every method of every class
 * of the clients' own jars (OkHttp, HttpClient 4.5 with its Java 6 class files, HttpClient 5,
 * Vert.x) is patched, and each patched class is loaded, verified and initialised. A future version
 * of a client may put any of these shapes in a hooked method.
 */
class ClassPatcherCorpusTest {

  @Test
  void everyMethodOfTheClientsOwnClassesVerifiesOncePatched() throws Exception {
    Result r =
        patchAndLoad(
            true,
            jarOf("okhttp3.OkHttpClient"),
            jarOf("org.apache.http.impl.client.CloseableHttpClient"),
            jarOf("org.apache.hc.client5.http.impl.classic.CloseableHttpClient"),
            jarOf("org.apache.hc.core5.http.HttpRequest"));

    assertThat(r.verifyErrors).isEmpty();
    assertThat(r.patchFailures).isEmpty();
    assertThat(r.linked).as("classes patched, verified and initialised").isGreaterThan(1000);
  }

  @Test
  void classesThatCannotSeeReboundVerifyWithTheFetchedGateToo() throws Exception {
    // Vert.x's class files are Java 11's, HttpClient 4.5's Java 6's (frames optional).
    Result r =
        patchAndLoad(
            false,
            jarOf("io.vertx.core.Vertx"),
            jarOf("org.apache.http.impl.client.CloseableHttpClient"));

    assertThat(r.verifyErrors).isEmpty();
    assertThat(r.patchFailures).isEmpty();
    assertThat(r.linked).as("classes patched, verified and initialised").isGreaterThan(900);
  }

  private record Result(int linked, List<String> verifyErrors, List<String> patchFailures) {}

  private static Result patchAndLoad(boolean direct, Path... jars) throws IOException {
    int around = ClassPatcherTest.rowOf("reactor.netty.http.client.HttpClientFinalizer");
    int onEntry = ClassPatcherTest.rowOf("okhttp3.OkHttpClient");
    Map<String, byte[]> patched = new HashMap<>();
    List<String> patchFailures = new ArrayList<>();
    List<URL> urls = new ArrayList<>();
    for (Path jarPath : jars) {
      urls.add(jarPath.toUri().toURL());
      try (JarFile jar = new JarFile(jarPath.toFile())) {
        for (JarEntry e : Collections.list(jar.entries())) {
          String name = e.getName();
          if (!name.endsWith(".class") || name.contains("-info") || name.startsWith("META-INF")) {
            continue;
          }
          byte[] bytes = jar.getInputStream(e).readAllBytes();
          Map<String, Integer> rows = new HashMap<>();
          for (String method : ClassFiles.concreteMethods(bytes)) {
            // Constructors only where the gate is reached directly: an on-entry hook runs before
            // super(), where no handler can catch a failed fetch of the gate.
            if (!method.startsWith("<clinit>") && (direct || !method.startsWith("<init>"))) {
              rows.put(method, method.startsWith("<init>") ? onEntry : around);
            }
          }
          try {
            byte[] p = ClassPatcher.patch(bytes, rows, direct, new ArrayList<>());
            if (p != null) {
              patched.put(name.substring(0, name.length() - 6).replace('/', '.'), p);
            }
          } catch (IllegalStateException refused) {
            patchFailures.add(name + ": " + refused);
          }
        }
      }
    }
    int linked = 0;
    List<String> verifyErrors = new ArrayList<>();
    try (URLClassLoader loader = new PatchedFirst(urls, patched)) {
      for (String name : patched.keySet()) {
        try {
          Class.forName(name, true, loader);
          linked++;
        } catch (VerifyError | ClassFormatError e) {
          verifyErrors.add(name + ": " + e);
        } catch (LinkageError | ClassNotFoundException | RuntimeException e) {
          // An optional dependency missing from the test's class path, or an initialiser that
          // wants a running platform: not the patch's doing, as the verifier has passed by then.
        }
      }
    }
    return new Result(linked, verifyErrors, patchFailures);
  }

  private static Path jarOf(String className) throws Exception {
    try {
      return Path.of(
          Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Defines the patched classes itself; everything else from the jars, then the test's loader. */
  private static final class PatchedFirst extends URLClassLoader {
    private final Map<String, byte[]> patched;

    PatchedFirst(List<URL> urls, Map<String, byte[]> patched) {
      super(urls.toArray(new URL[0]), ClassPatcherCorpusTest.class.getClassLoader());
      this.patched = patched;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      byte[] bytes = patched.get(name);
      if (bytes == null) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        return c != null ? c : defineClass(name, bytes, 0, bytes.length);
      }
    }
  }

  /** Reads the methods a class file declares, as the patcher's rows name them. */
  private static final class ClassFiles {
    private static final int ABSTRACT_OR_NATIVE = 0x0500;

    static List<String> concreteMethods(byte[] bytes) {
      ClassBytes in = new ClassBytes(bytes);
      ConstantPool pool = new ConstantPool(in);
      int p = pool.end + 8 + 2 * in.u2(pool.end + 6);
      int fields = in.u2(p);
      p += 2;
      for (int i = 0; i < fields; i++) {
        p = in.skipAttributes(p + 6);
      }
      int methods = in.u2(p);
      p += 2;
      List<String> out = new ArrayList<>();
      for (int i = 0; i < methods; i++) {
        if ((in.u2(p) & ABSTRACT_OR_NATIVE) == 0) {
          out.add(pool.utf8(in.u2(p + 2)) + pool.utf8(in.u2(p + 4)));
        }
        p = in.skipAttributes(p + 6);
      }
      return out;
    }
  }
}
