package dev.rebound.agent.instrument.jdk;

import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.engine.ClientClosedException;
import dev.rebound.agent.engine.Transport;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

/**
 * Sends a blocking call's attempts with the client implementation's own {@code send}, each a
 * request of its own (its timeout bounds the attempt). An interrupt ends the call as the JDK's
 * would: the JDK cancels the attempt, and the flag stays set for {@link JdkSyncCall} to turn into
 * an {@link InterruptedException}. Confined to the calling thread.
 */
final class JdkSyncTransport implements Transport<JdkExchange> {
  private final HttpClient client;
  private final HttpRequest original;

  /** The call's body when the application's request can go as it is, or null. */
  byte[] sameBody;

  int sent;
  JdkExchange last;

  JdkSyncTransport(HttpClient client, HttpRequest original) {
    this.client = client;
    this.original = original;
  }

  @Override
  public JdkExchange send(AttemptRequest attempt) throws IOException {
    sent++;
    last = null;
    HttpResponse<Flow.Publisher<List<ByteBuffer>>> head;
    try {
      head = client.send(JdkRequests.attempt(original, sameBody, attempt), HeldBody.HEAD);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (IOException e) {
      throw ClosedClient.isClosed(e) ? new ClientClosedException(e) : e;
    }
    HeldBody body = HeldBody.read(head, attempt.stream());
    try {
      body.judged().get();
    } catch (InterruptedException e) {
      // As the JDK's send: the attempt is given up, the flag stays set.
      body.discard();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      // A body that broke before it could be judged: the attempt failed, as a reset connection.
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    last = new JdkExchange(head, body);
    return last;
  }

  @Override
  public boolean isCanceled() {
    return Thread.currentThread().isInterrupted();
  }
}
