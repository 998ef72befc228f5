package dev.rebound.agent.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.rebound.api.Classification;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC §3 TIMEOUT and NETWORK from the exception an attempt ended in, matched by class name. */
class ClassifyExceptionTest {

  private final Classifier classifier = new Classifier();

  /** Stand-ins named like the client exceptions the classify package must not link against. */
  static final class ConnectTimeoutException extends InterruptedIOException {
    private static final long serialVersionUID = 1L;
  }

  static final class ConnectionRequestTimeoutException extends InterruptedIOException {
    private static final long serialVersionUID = 1L;
  }

  static final class HttpConnectTimeoutLike extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;
  }

  static Stream<Arguments> timeouts() {
    return Stream.of(
        argumentSet("socket read timeout", new SocketTimeoutException("Read timed out")),
        argumentSet("subclass of a timeout", new HttpConnectTimeoutLike()),
        argumentSet("OkHttp call timeout", new InterruptedIOException("timeout")),
        argumentSet("Apache connect timeout", new ConnectTimeoutException()),
        argumentSet("Apache pool timeout", new ConnectionRequestTimeoutException()),
        argumentSet("future timeout", new TimeoutException()),
        argumentSet("JDK async wrapper", new CompletionException(new SocketTimeoutException())),
        argumentSet(
            "nested wrappers",
            new ExecutionException(new UncheckedIOException(new SocketTimeoutException()))));
  }

  static Stream<Arguments> networkFailures() {
    return Stream.of(
        argumentSet("refused", new ConnectException("Connection refused")),
        argumentSet("reset", new SocketException("Connection reset")),
        argumentSet("TLS", new SSLHandshakeException("PKIX path building failed")),
        argumentSet("EOF before status line", new EOFException("\\n not found: limit=0")),
        argumentSet("unknown host", new UnknownHostException("api.openai.com")),
        argumentSet("canceled call", new IOException("Canceled")),
        argumentSet("interrupted, not timed out", new InterruptedIOException("interrupted")));
  }

  @ParameterizedTest
  @MethodSource("timeouts")
  void classifiesTimeouts(Throwable failure) {
    assertThat(classifier.classifyException(failure)).isEqualTo(Verdict.of(Classification.TIMEOUT));
  }

  @ParameterizedTest
  @MethodSource("networkFailures")
  void classifiesOtherFailuresAsNetwork(Throwable failure) {
    assertThat(classifier.classifyException(failure)).isEqualTo(Verdict.of(Classification.NETWORK));
  }

  @Test
  void classifiesNullAsNetwork() {
    assertThat(classifier.classifyException(null).classification())
        .isEqualTo(Classification.NETWORK);
  }

  @Test
  void survivesACauseCycle() {
    IOException outer = new IOException("outer");
    IOException inner = new IOException("inner", outer);
    outer.initCause(inner);

    assertThat(classifier.classifyException(outer).classification())
        .isEqualTo(Classification.NETWORK);
  }
}
