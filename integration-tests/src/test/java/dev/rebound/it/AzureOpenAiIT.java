package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.ScriptedLlmServer;
import dev.rebound.it.support.ScriptedLlmServer.Received;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.List;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/**
 * The Azure OpenAI SDK on its default HTTP client (azure-core-http-netty, Reactor Netty 1.0),
 * unchanged code with the agent: the deployment in the path is the call's model, and the SDK's own
 * retry policy (408, 429, 5xx, the same {@code x-ms-client-request-id} on each retry) does not
 * multiply Rebound's attempts (SPEC §4). The application is {@code src/it/azure-openai}.
 */
class AzureOpenAiIT {
  static final String COMPLETION =
      "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi!\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}";
  static final String DOWN = "{\"error\":{\"code\":\"503\",\"message\":\"down\"}}";

  @Test
  void aCallIsRetriedAndTheSdksOwnRetriesGetOneAttemptEach() throws Exception {
    // The SDK sends a key only over HTTPS: a server with a certificate of its own, trusted by the
    // JVM.
    HeldCertificate certificate =
        new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").build();
    Path dir = Files.createTempDirectory("rebound-azure");
    Path trust = dir.resolve("trust.p12");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("server", certificate.certificate());
    try (OutputStream out = Files.newOutputStream(trust)) {
      store.store(out, "changeit".toCharArray());
    }
    try (ScriptedLlmServer server =
        new ScriptedLlmServer(
            new HandshakeCertificates.Builder()
                .heldCertificate(certificate)
                .build()
                .sslSocketFactory())) {
      server.enqueue(503, DOWN);
      server.enqueue(200, COMPLETION);
      for (int i = 0; i < 20; i++) {
        server.enqueue(503, DOWN);
      }

      ForkedJvm.Result r =
          new ForkedJvm()
              .withAgent(null)
              .jvmArg("-Drebound.hosts=" + server.hostAndPort())
              .jvmArg("-Drebound.retry.base-delay=10ms")
              .jvmArg("-Djavax.net.ssl.trustStore=" + trust)
              .jvmArg("-Djavax.net.ssl.trustStorePassword=changeit")
              .jvmArg("-Djavax.net.ssl.trustStoreType=PKCS12")
              .jvmArg("-Drebound.metrics.file=" + dir.resolve("metrics.jsonl"))
              .jvmArg("-cp")
              .jvmArg(classPath())
              .args(
                  "dev.rebound.it.azure.AzureOpenAiProbe",
                  "https://" + server.hostAndPort(),
                  "gpt-4o",
                  "gpt-4o")
              .run();

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout().lines().toList()).containsExactly("ok Hi!", "error 503");
      List<Received> got = server.received();
      assertThat(got.get(0).path())
          .startsWith("/openai/deployments/gpt-4o/chat/completions?api-version=");
      // The first call: a 503, then Rebound's retry answered. The second: Rebound's three attempts,
      // then one attempt for each of the SDK's three retries (same request id), not three each.
      assertThat(got).hasSize(2 + 3 + 3);
      List<String> ids =
          got.subList(2, 8).stream().map(g -> g.headers().get("x-ms-client-request-id")).toList();
      assertThat(ids).containsOnly(ids.get(0));
    }
  }

  private static String classPath() throws Exception {
    Path app = Paths.get(System.getProperty("rebound.reactor-netty.dir"), "azure-openai", "target");
    return app.resolve("classes")
        + File.pathSeparator
        + Files.readString(app.resolve("classpath.txt")).strip();
  }
}
