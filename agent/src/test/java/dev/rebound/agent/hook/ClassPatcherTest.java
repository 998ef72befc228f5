package dev.rebound.agent.hook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.agent.instrument.apache.ApacheHook;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.junit.jupiter.api.Test;

/**
 * The one shape of a patched method, run for real: the arguments reach the handler (a primitive
 * boxed), its answer is returned (unboxed) instead of the original body, and without an answer the
 * original body runs; both through an {@code invokestatic} and through the dynamic-constant method
 * handle that classes which cannot see Rebound use.
 */
class ClassPatcherTest {
  private static final String RETRY =
      "retryRequest(Lorg/apache/hc/core5/http/HttpResponse;ILorg/apache/hc/core5/http/protocol/HttpContext;)Z";

  @Test
  void aDirectGateAnswersForAManagedAttemptAndLetsOthersRunTheOriginalBody() throws Exception {
    Object strategy = patchedFixture(true);

    assertThat(retry(strategy, managedContext())).isFalse();
    assertThat(retry(strategy, HttpClientContext.create())).isTrue();
  }

  @Test
  void aGateReachedThroughADynamicConstantBehavesTheSame() throws Exception {
    Object strategy = patchedFixture(false);

    assertThat(retry(strategy, managedContext())).isFalse();
    assertThat(retry(strategy, HttpClientContext.create())).isTrue();
  }

  @Test
  void aMethodMissingFromTheClassIsReportedAndNothingIsPatched() throws Exception {
    List<String> missed = new ArrayList<>();
    byte[] patched =
        ClassPatcher.patch(bytesOf(StatusRetryFixture.class), Map.of("retryRequest()Z", 0), true, missed);

    assertThat(patched).isNull();
    assertThat(missed).containsExactly("retryRequest()Z");
  }

  @Test
  void aClassThatCannotSeeRebouncAndPredatesJava11IsLeftAsItWas() throws Exception {
    byte[] apache4 = bytesOf("org/apache/http/impl/client/DefaultServiceUnavailableRetryStrategy");
    HookTransformer transformer =
        new HookTransformer(
            Map.of(
                "org/apache/http/impl/client/DefaultServiceUnavailableRetryStrategy",
                Map.of(
                    "retryRequest(Lorg/apache/http/HttpResponse;ILorg/apache/http/protocol/HttpContext;)Z",
                    rowOf("org.apache.http.impl.client.DefaultServiceUnavailableRetryStrategy"))));

    byte[] result =
        transformer.transform(
            null,
            ClassLoader.getPlatformClassLoader(),
            "org/apache/http/impl/client/DefaultServiceUnavailableRetryStrategy",
            null,
            null,
            apache4);

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
    int row = rowOf("org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy");
    List<String> missed = new ArrayList<>();
    byte[] patched =
        ClassPatcher.patch(bytesOf(StatusRetryFixture.class), Map.of(RETRY, row), direct, missed);
    assertThat(missed).isEmpty();
    Class<?> type = new OneClassLoader(StatusRetryFixture.class.getName(), patched)
        .loadClass(StatusRetryFixture.class.getName());
    return type.getDeclaredConstructor().newInstance();
  }

  private static boolean retry(Object strategy, HttpContext context) throws Exception {
    Method m =
        strategy.getClass().getMethod("retryRequest", HttpResponse.class, int.class, HttpContext.class);
    return (boolean) m.invoke(strategy, new BasicHttpResponse(503), 1, context);
  }

  private static HttpContext managedContext() {
    HttpContext context = HttpClientContext.create();
    context.setAttribute(ApacheHook.ATTEMPT_ATTRIBUTE, Boolean.TRUE);
    return context;
  }

  static int rowOf(String className) {
    for (int i = 0; i < HookTable.ROWS.size(); i++) {
      if (HookTable.ROWS.get(i).className().equals(className)) {
        return i;
      }
    }
    throw new AssertionError("no row for " + className);
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

  /** Defines one class from the given bytes, child-first; everything else from the test's loader. */
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
