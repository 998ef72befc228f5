package dev.rebound.agent.instrument.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.agent.engine.AttemptRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * A blocking attempt returns once its body has been read far enough to judge: the JDK's {@code
 * send} waits for the body's value, which Rebound's body subscriber gives then.
 */
class JdkSyncTransportTest {
  private static final URI URL = URI.create("https://openrouter.ai/api/v1/chat/completions");
  private static final byte[] BODY = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void anAttemptReturnsWithItsBodyReadAsFarAsTheEngineNeeds() throws Exception {
    Server server = new Server();
    JdkSyncTransport transport = transport(server);
    server.onRequest = s -> s.emit("{\"error\":{\"code\":429}}", true);

    JdkExchange exchange = transport.send(attempt(false));

    assertThat(exchange.status()).isEqualTo(200);
    assertThat(new String(exchange.peekBody().bytes(), 0, exchange.peekBody().length()))
        .isEqualTo("{\"error\":{\"code\":429}}");
  }

  @Test
  void anInterruptWhileAStreamIsHeldEndsTheAttemptAndStopsItsBody() throws Exception {
    Server server = new Server();
    JdkSyncTransport transport = transport(server);
    CountDownLatch held = new CountDownLatch(1);
    // A stream whose first event never comes: the attempt waits for the gate.
    server.onRequest =
        s -> {
          s.emit(": OPENROUTER PROCESSING\n\n", false);
          held.countDown();
        };
    Thread caller = Thread.currentThread();
    Thread interrupter =
        new Thread(
            () -> {
              try {
                held.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                return;
              }
              caller.interrupt();
            });
    interrupter.start();

    assertThatThrownBy(() -> transport.send(attempt(true)))
        .isInstanceOf(InterruptedIOException.class);

    assertThat(Thread.interrupted()).as("the flag stays set, as the JDK's send leaves it").isTrue();
    assertThat(server.upstream.cancelled).isTrue();
    interrupter.join();
  }

  @Test
  void aBodyThatBreaksBeforeItIsJudgedFailsTheAttemptWithItsError() {
    Server server = new Server();
    JdkSyncTransport transport = transport(server);
    server.onRequest = s -> s.fail(new IOException("connection reset"));

    assertThatThrownBy(() -> transport.send(attempt(false)))
        .isInstanceOf(IOException.class)
        .hasMessage("connection reset");
  }

  private static JdkSyncTransport transport(Server server) {
    JdkSyncTransport transport =
        new JdkSyncTransport(
            server, HttpRequest.newBuilder(URL).POST(HttpRequest.BodyPublishers.noBody()).build());
    transport.sameBody = BODY;
    return transport;
  }

  private static AttemptRequest attempt(boolean stream) {
    return new AttemptRequest(1, "m", URL.getRawPath(), BODY, stream);
  }

  /** What the fake client's body source does once a request is sent. */
  private interface Script {
    void run(Upstream upstream);
  }

  /** The JDK's side of a response body: what the body subscriber asked for, and its bytes. */
  private static final class Upstream implements Flow.Subscription {
    Flow.Subscriber<? super List<ByteBuffer>> subscriber;
    volatile boolean cancelled;

    /** Runs on another thread once the body is first asked for, as the JDK's selector would. */
    Script script = s -> {};

    private boolean started;

    @Override
    public synchronized void request(long n) {
      if (!started) {
        started = true;
        Thread feeder = new Thread(() -> script.run(this));
        feeder.setDaemon(true);
        feeder.start();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    void emit(String text, boolean end) {
      subscriber.onNext(List.of(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
      if (end) {
        subscriber.onComplete();
      }
    }

    void fail(IOException error) {
      subscriber.onError(error);
    }
  }

  /** A client whose {@code send} answers 200 at once and feeds the body as its script says. */
  private static final class Server extends HttpClient {
    final Upstream upstream = new Upstream();
    Script onRequest = s -> {};

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
        throws IOException, InterruptedException {
      HttpResponse.BodySubscriber<T> subscriber = handler.apply(new OkHead());
      upstream.subscriber = subscriber;
      upstream.script = onRequest;
      subscriber.onSubscribe(upstream);
      T body;
      try {
        // As the JDK's send: it waits for the body's value, interruptibly.
        body = subscriber.getBody().toCompletableFuture().get();
      } catch (ExecutionException e) {
        throw new IOException(e.getCause().getMessage(), e.getCause());
      }
      return new JdkResponse<>(
          200,
          new OkHead().headers(),
          body,
          request,
          request.uri(),
          HttpClient.Version.HTTP_1_1,
          Optional.empty(),
          Optional.empty());
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
        HttpRequest request, HttpResponse.BodyHandler<T> handler) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
        HttpRequest request,
        HttpResponse.BodyHandler<T> handler,
        HttpResponse.PushPromiseHandler<T> push) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
      return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
      return Optional.empty();
    }

    @Override
    public Redirect followRedirects() {
      return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
      return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
      return null;
    }

    @Override
    public SSLParameters sslParameters() {
      return null;
    }

    @Override
    public Optional<Authenticator> authenticator() {
      return Optional.empty();
    }

    @Override
    public Version version() {
      return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
      return Optional.empty();
    }
  }
}
