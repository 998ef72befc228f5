package dev.rebound.agent.instrument.jdk;

import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.engine.ClientClosedException;
import dev.rebound.agent.engine.Transport;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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
    HeldBody.Handler handler = new HeldBody.Handler(attempt.stream());
    HttpResponse<HeldBody> response;
    try {
      // Returns once the attempt can be judged: its body held, a 2xx stream's start read.
      response = client.send(JdkRequests.attempt(original, sameBody, attempt), handler);
    } catch (InterruptedException e) {
      // As the JDK's send: the attempt is given up, the flag stays set.
      handler.discard();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (IOException e) {
      throw ClosedClient.isClosed(e) ? new ClientClosedException(e) : e;
    }
    last = new JdkExchange(response);
    return last;
  }

  @Override
  public boolean isCanceled() {
    return Thread.currentThread().isInterrupted();
  }
}
