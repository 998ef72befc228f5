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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one shape of a patched method, run for real: the arguments reach the handler, its answer is
 * returned instead of the original body, and without an answer the original body runs; both through
 * an {@code invokestatic} and through the function that classes which cannot see Rebound fetch by
 * reflection.
 */
class ClassPatcherTest {
  private static final String EXECUTE =
      "execute(Lorg/apache/hc/core5/http/ClassicHttpRequest;"
          + "Lorg/apache/hc/client5/http/classic/ExecChain$Scope;"
          + "Lorg/apache/hc/client5/http/classic/ExecChain;)"
          + "Lorg/apache/hc/core5/http/ClassicHttpResponse;";

  @BeforeEach
  void serveTheGate() {
    // As premain does: the handlers of the hook table, here from the test's own class path.
    new HookHandlers(ClassPatcherTest.class.getClassLoader(), () -> {}).serveGate();
  }

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
  void aClassThatCannotSeeReboundIsPatchedWhateverItsClassFileVersion() throws Exception {
    // HttpClient 4.5's class files are Java 6's: the gate is fetched by plain calls, which any
    // version of class file can make (a dynamic constant needed Java 11).
    String name = "org/apache/http/impl/execchain/ServiceUnavailableRetryExec";
    HookTransformer transformer =
        new HookTransformer(
            Map.of(
                name,
                Map.of(methodOf(rowOf(name.replace('/', '.'))), rowOf(name.replace('/', '.')))),
            ClassPatcherTest.class.getClassLoader(),
            () -> {},
            false);

    byte[] result =
        transformer.transform(
            null, ClassLoader.getPlatformClassLoader(), name, null, null, bytesOf(name));

    assertThat(result).isNotNull();
    assertThat(disassembled(result))
        .contains("Method java/lang/reflect/Field.get:")
        .contains("InterfaceMethod java/util/function/Function.apply:");
  }

  @Test
  void classesNotInTheTableAreNotTouched() {
    HookTransformer transformer =
        new HookTransformer(Map.of(), ClassPatcherTest.class.getClassLoader(), () -> {}, false);

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

  @Test
  void everyShapeOfMethodRunsAsBeforeWhenTheGateDoesNotAnswer() throws Exception {
    for (boolean direct : new boolean[] {true, false}) {
      Object patched = patchedShapes(direct).getDeclaredConstructor().newInstance();
      ShapesFixture plain = new ShapesFixture();
      for (Method m : ShapesFixture.class.getDeclaredMethods()) {
        if (m.isSynthetic() || m.getName().startsWith("lambda$")) {
          continue;
        }
        Object[] args = argumentsFor(m.getParameterTypes());
        Object expected = m.invoke(plain, args);
        Object actual =
            patched.getClass().getMethod(m.getName(), m.getParameterTypes()).invoke(patched, args);
        assertThat(java.util.Arrays.deepToString(new Object[] {actual}))
            .as(m.getName() + ", direct " + direct)
            .isEqualTo(java.util.Arrays.deepToString(new Object[] {expected}));
      }
    }
  }

  @Test
  void switchesLoopsHandlersAndUninitialisedObjectsKeepTheirMeaning() throws Exception {
    Class<?> type = patchedShapes(true);
    Object fixture = type.getDeclaredConstructor().newInstance();

    for (int k = -6; k < 6; k++) {
      assertThat(type.getMethod("tableSwitch", int.class).invoke(fixture, k))
          .isEqualTo(new ShapesFixture().tableSwitch(k));
    }
    for (int k : new int[] {-5, 7, 100000, 3}) {
      assertThat(type.getMethod("lookupSwitch", int.class).invoke(fixture, k))
          .isEqualTo(new ShapesFixture().lookupSwitch(k));
    }
    assertThat(type.getMethod("loopFromTheStart", int.class).invoke(fixture, 40)).isEqualTo(10);
    assertThat(type.getMethod("caught", String.class).invoke(fixture, "x")).isEqualTo(-1);
    assertThat(type.getMethod("caught", String.class).invoke(fixture, "12")).isEqualTo(12);
    assertThat(type.getMethod("counter").invoke(fixture)).isEqualTo(2);
    assertThat(type.getMethod("made").invoke(type.getConstructor(int.class).newInstance(-3)))
        .isEqualTo("holder3");
  }

  @Test
  void everyPatchedMethodAsksTheGateFirst() throws Exception {
    for (boolean direct : new boolean[] {true, false}) {
      String code = disassembled(patchedShapesBytes(direct));
      String ask =
          direct
              ? "Method dev/rebound/agent/hook/Gate.around:"
              : "InterfaceMethod java/util/function/Function.apply:";
      int methods = ShapesFixture.class.getDeclaredMethods().length;
      assertThat(code.split(java.util.regex.Pattern.quote(ask), -1))
          .as("one ask per patched method, direct " + direct)
          .hasSize(methods + 1);
    }
  }

  private static String disassembled(byte[] classFile) throws IOException {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("patched", ".class");
    try {
      java.nio.file.Files.write(file, classFile);
      java.io.StringWriter out = new java.io.StringWriter();
      int status =
          java.util.spi.ToolProvider.findFirst("javap")
              .orElseThrow()
              .run(
                  new java.io.PrintWriter(out),
                  new java.io.PrintWriter(out),
                  "-c",
                  "-p",
                  file.toString());
      assertThat(status).as(out.toString()).isZero();
      return out.toString();
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  private static Class<?> patchedShapes(boolean direct) throws Exception {
    return new OneClassLoader(ShapesFixture.class.getName(), patchedShapesBytes(direct))
        .loadClass(ShapesFixture.class.getName());
  }

  private static byte[] patchedShapesBytes(boolean direct) throws IOException {
    // A row whose handler answers nothing while no agent runs: every original body must run.
    int row = rowOf("reactor.netty.http.client.HttpClientFinalizer");
    Map<String, Integer> rows = new java.util.HashMap<>();
    for (Method m : ShapesFixture.class.getDeclaredMethods()) {
      rows.put(m.getName() + descriptorOf(m.getParameterTypes(), m.getReturnType()), row);
    }
    List<String> missed = new ArrayList<>();
    byte[] patched = ClassPatcher.patch(bytesOf(ShapesFixture.class), rows, direct, missed);
    assertThat(missed).isEmpty();
    return patched;
  }

  private static String descriptorOf(Class<?>[] parameters, Class<?> returned) {
    StringBuilder d = new StringBuilder("(");
    for (Class<?> p : parameters) {
      d.append(p.descriptorString());
    }
    return d.append(')').append(returned.descriptorString()).toString();
  }

  private static Object[] argumentsFor(Class<?>[] types) {
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Class<?> t = types[i];
      args[i] =
          t == long.class
              ? 1L << 40
              : t == int.class
                  ? 42
                  : t == double.class
                      ? 2.5
                      : t == float.class
                          ? 1.5f
                          : t == boolean.class
                              ? true
                              : t == char.class
                                  ? 'x'
                                  : t == byte.class
                                      ? (byte) 7
                                      : t == short.class
                                          ? (short) 300
                                          : t == Object[].class
                                              ? new Object[] {"o"}
                                              : t == int[][].class
                                                  ? new int[][] {{1, 2}}
                                                  : t == double[].class
                                                      ? new double[] {1.5, 3}
                                                      : t == String.class ? "17" : null;
    }
    return args;
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
