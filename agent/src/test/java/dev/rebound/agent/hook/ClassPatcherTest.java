package dev.rebound.agent.hook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.instrument.apache.ApacheHooks;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one shape of a patched method, run for real: the arguments reach the handler, its answer is
 * returned instead of the original body, and without an answer the original body runs; both through
 * an {@code invokestatic} and through the dynamic-constant method handle that classes which cannot
 * see Rebound use.
 */
class ClassPatcherTest {
  private static final String EXECUTE =
      "execute(Lorg/apache/hc/core5/http/ClassicHttpRequest;"
          + "Lorg/apache/hc/client5/http/classic/ExecChain$Scope;"
          + "Lorg/apache/hc/client5/http/classic/ExecChain;)"
          + "Lorg/apache/hc/core5/http/ClassicHttpResponse;";

  @AfterEach
  void endAttempt() {
    ApacheHooks.APACHE5.clearBypass();
  }

  @Test
  void aDirectGateAnswersForRebouncsAttemptAndLetsOthersRunTheOriginalBody() throws Exception {
    Object exec = patchedFixture(true);

    assertThat(execute(exec).getCode()).as("not an attempt: the original body").isEqualTo(599);
    ApacheHooks.APACHE5.bypassNext();
    assertThat(execute(exec).getCode()).as("an attempt: straight down the chain").isEqualTo(200);
  }

  @Test
  void aGateReachedThroughADynamicConstantBehavesTheSame() throws Exception {
    Object exec = patchedFixture(false);

    assertThat(execute(exec).getCode()).isEqualTo(599);
    ApacheHooks.APACHE5.bypassNext();
    assertThat(execute(exec).getCode()).isEqualTo(200);
  }

  @Test
  void aMethodMissingFromTheClassIsReportedAndNothingIsPatched() throws Exception {
    List<String> missed = new ArrayList<>();
    byte[] patched =
        ClassPatcher.patch(
            bytesOf(RetryExecFixture.class), Map.of("retryRequest()Z", 0), true, missed);

    assertThat(patched).isNull();
    assertThat(missed).containsExactly("retryRequest()Z");
  }

  @Test
  void aClassThatCannotSeeReboundAndPredatesJava11IsLeftAsItWas() throws Exception {
    String name = "org/apache/http/impl/execchain/ServiceUnavailableRetryExec";
    HookTransformer transformer =
        new HookTransformer(
            Map.of(
                name,
                Map.of(methodOf(rowOf(name.replace('/', '.'))), rowOf(name.replace('/', '.')))));

    byte[] result =
        transformer.transform(
            null, ClassLoader.getPlatformClassLoader(), name, null, null, bytesOf(name));

    assertThat(result).isNull();
  }

  @Test
  void classesNotInTheTableAreNotTouched() {
    HookTransformer transformer = new HookTransformer(Map.of());

    assertThat(transformer.transform(null, null, "java/lang/String", null, null, new byte[] {1}))
        .isNull();
    assertThat(transformer.transform(null, null, null, null, null, new byte[] {1})).isNull();
  }

  private static Object patchedFixture(boolean direct) throws Exception {
    int row = rowOf("org.apache.hc.client5.http.impl.classic.HttpRequestRetryExec");
    List<String> missed = new ArrayList<>();
    byte[] patched =
        ClassPatcher.patch(bytesOf(RetryExecFixture.class), Map.of(EXECUTE, row), direct, missed);
    assertThat(missed).isEmpty();
    Class<?> type =
        new OneClassLoader(RetryExecFixture.class.getName(), patched)
            .loadClass(RetryExecFixture.class.getName());
    return type.getDeclaredConstructor().newInstance();
  }

  private static ClassicHttpResponse execute(Object exec) throws Exception {
    Method m =
        exec.getClass()
            .getMethod("execute", ClassicHttpRequest.class, ExecChain.Scope.class, ExecChain.class);
    ExecChain chain = (request, scope) -> new BasicClassicHttpResponse(200);
    return (ClassicHttpResponse)
        m.invoke(exec, new BasicClassicHttpRequest("POST", "/"), null, chain);
  }

  static int rowOf(String className) {
    for (int i = 0; i < HookTable.ROWS.size(); i++) {
      if (HookTable.ROWS.get(i).className().equals(className)) {
        return i;
      }
    }
    throw new AssertionError("no row for " + className);
  }

  private static String methodOf(int row) {
    return HookTable.ROWS.get(row).method() + HookTable.ROWS.get(row).descriptor();
  }

  static byte[] bytesOf(Class<?> type) throws IOException {
    return bytesOf(type.getName().replace('.', '/'));
  }

  static byte[] bytesOf(String internalName) throws IOException {
    try (InputStream in =
        ClassPatcherTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
      return in == null ? null : in.readAllBytes();
    }
  }

  /**
   * Defines one class from the given bytes, child-first; everything else from the test's loader.
   */
  private static final class OneClassLoader extends ClassLoader {
    private final String name;
    private final byte[] bytes;

    OneClassLoader(String name, byte[] bytes) {
      super(ClassPatcherTest.class.getClassLoader());
      this.name = name;
      this.bytes = bytes;
    }

    @Override
    protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
      if (className.equals(name)) {
        synchronized (getClassLoadingLock(className)) {
          Class<?> c = findLoadedClass(className);
          return c != null ? c : defineClass(className, bytes, 0, bytes.length);
        }
      }
      return super.loadClass(className, resolve);
    }
  }
}
