package dev.rebound.agent.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every row names a method that the real client has, with its exact descriptor (OkHttp 3.14, Apache
 * HttpClient 4.5 and 5, Vert.x 5.0 from the build's class path, the JDK client from this runtime),
 * a handler class that exists, and a client name of SPEC §1. OkHttp 4.4+'s {@code RealCall}, not on
 * this class path, is covered by the integration tests.
 */
class HookTableTest {

  @Test
  void everyRowPatchesTheRealClassItNames() throws Exception {
    List<String> patched = new ArrayList<>();
    List<String> otherVersion = new ArrayList<>();
    for (int i = 0; i < HookTable.ROWS.size(); i++) {
      HookRow row = HookTable.ROWS.get(i);
      byte[] original = classBytes(row.internalName());
      if (original == null) {
        assertThat(row.className()).isEqualTo("okhttp3.internal.connection.RealCall");
        continue;
      }
      List<String> missed = new ArrayList<>();
      byte[] result =
          ClassPatcher.patch(original, Map.of(row.method() + row.descriptor(), i), true, missed);
      if (!missed.isEmpty()) {
        // Rows of Vert.x 4.5 and 5.2, absent from the 5.0 of this class path (their ITs cover
        // them).
        String method = row.className() + "." + row.method() + row.descriptor();
        assertThat(HookTable.absenceExpected(method, List.of(method))).as(row.toString()).isTrue();
        otherVersion.add(row.className() + "." + row.method());
        continue;
      }
      assertThat(result).as(row.toString()).isNotNull();
      patched.add(row.className() + "." + row.method());
    }
    assertThat(otherVersion).hasSize(5);
    assertThat(patched)
        .hasSizeGreaterThanOrEqualTo(HookTable.ROWS.size() - 2 - otherVersion.size());
  }

  @Test
  void aMethodOfAnotherVersionIsExpectedMissingButAVersionWithNoneOfItsAlternativesIsNot() {
    String request = "io.vertx.core.http.impl.HttpClientRequestImpl";
    String writeFuture = request + ".write(Lio/netty/buffer/ByteBuf;Z)Lio/vertx/core/Future;";
    String writeHandler = request + ".write(Lio/netty/buffer/ByteBuf;ZLio/vertx/core/Handler;)V";
    String doRequest =
        "io.vertx.core.http.impl.HttpClientImpl.doRequest(Lio/vertx/core/http/RequestOptions;"
            + "Lio/vertx/core/impl/future/PromiseInternal;)V";

    String writeBuffer = request + ".write(Lio/vertx/core/buffer/Buffer;Z)Lio/vertx/core/Future;";
    String base = "io.vertx.core.http.impl.HttpClientRequestBase";
    String resetFuture = base + ".reset(Ljava/lang/Throwable;)Lio/vertx/core/Future;";
    String resetBoolean = base + ".reset(Ljava/lang/Throwable;)Z";
    String cancel = base + ".cancel(Ljava/lang/Throwable;)Lio/vertx/core/Future;";

    // Vert.x 4.5 has the handler's write, 5.0 the future's, 5.2 the Vert.x buffer's: each lacks
    // the others.
    assertThat(HookTable.absenceExpected(writeFuture, List.of(writeFuture, writeBuffer))).isTrue();
    assertThat(HookTable.absenceExpected(writeHandler, List.of(writeHandler, writeBuffer)))
        .isTrue();
    assertThat(HookTable.absenceExpected(writeFuture, List.of(writeFuture, writeHandler))).isTrue();
    // 5.2 resets through cancel (and reset(long, Throwable)), not reset(Throwable).
    assertThat(HookTable.absenceExpected(resetFuture, List.of(resetFuture, resetBoolean))).isTrue();
    // A version with none of them: its calls would go unmanaged, which the user is told.
    assertThat(
            HookTable.absenceExpected(writeFuture, List.of(writeFuture, writeHandler, writeBuffer)))
        .isFalse();
    assertThat(HookTable.absenceExpected(cancel, List.of(resetFuture, resetBoolean, cancel)))
        .isFalse();
    // 4.5's doRequest has no counterpart in 5.x.
    assertThat(HookTable.absenceExpected(doRequest, List.of(doRequest))).isTrue();
    assertThat(HookTable.absenceExpected("okhttp3.RealCall.execute()Lokhttp3/Response;", List.of()))
        .isFalse();
  }

  @Test
  void everyHandlerIsAHookHandler() throws Exception {
    for (HookRow row : HookTable.ROWS) {
      Class<?> handler = Class.forName(row.handler(), false, getClass().getClassLoader());
      assertThat(HookHandler.class.isAssignableFrom(handler)).as(row.handler()).isTrue();
      // Gate makes it with its row, or without one.
      assertThat(handler.getDeclaredConstructors())
          .as(row.handler())
          .anyMatch(c -> c.getParameterCount() == 0 || c.getParameterTypes()[0] == HookRow.class);
    }
  }

  @Test
  void clientNamesAreThoseOfTheSpec() {
    Set<String> clients = new LinkedHashSet<>();
    HookTable.ROWS.forEach(row -> clients.add(row.client()));
    assertThat(clients)
        .containsExactly(
            "okhttp", "jdk", "apache4", "apache5", "apache5-async", "reactor-netty", "vertx");
  }

  private byte[] classBytes(String internalName) throws Exception {
    if (internalName.startsWith("jdk/internal/net/http/")) {
      FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
      Path file = jrt.getPath("modules", "java.net.http", internalName + ".class");
      return Files.readAllBytes(file);
    }
    return ClassPatcherTest.bytesOf(internalName);
  }
}
